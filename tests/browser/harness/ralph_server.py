"""Serve Ralph's LRS (``ralph.api:app``) on 127.0.0.1 with its file-system backend, for the cmi5 tests.

Usage: ``python ralph_server.py PORT DATA_FOLDER`` (settings come from RALPH_* variables, see lrs.py).

This is what ``ralph runserver -b fs`` does, with two differences, both because of how Ralph
5.1.0 behaves, not to change what the LRS does with statements:

* Ralph's file LRS backend writes with Ralph's default operation type INDEX, which refuses to
  write to a file that exists: after the first POST every later one fails with 500 ("already
  exists and overwrite is not allowed"). The backend's own APPEND operation is the one an LRS
  file needs, so it is made the default for the file LRS backend here.
* ``runserver`` starts uvicorn with ``reload=True``, watching the current folder; a test run
  must not restart its LRS when a file changes, so uvicorn runs without reload.
"""

from __future__ import annotations

import os
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend


def main() -> None:
    port, folder = int(sys.argv[1]), sys.argv[2]
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = folder
    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
