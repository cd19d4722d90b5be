"""Templates, the learner runtime and the official SCORM schema files (data only)."""
