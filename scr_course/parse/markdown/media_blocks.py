"""``::: video`` and ``::: audio``: native players with checked WebVTT captions and a transcript (issue 12)."""

from __future__ import annotations

from markupsafe import Markup

from scr_course.diagnostics import Code, SourceLocation
from scr_course.model import Media, MediaKind
from scr_course.parse.markdown.block_tokens import Tokens, block_id, is_container, nodes, read_image
from scr_course.parse.markdown.context import FileContext, parse_attributes
from scr_course.source.media import parse_webvtt

MEDIA_WARN_BYTES = 20 * 1024 * 1024
"""Many LMSs cap an upload at 50–100 MB per package; one file over 20 MB deserves a warning."""
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".ogv": "video/ogg", ".m4v": "video/mp4"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".wav": "audio/wav", ".weba": "audio/webm"}


def _parse_media(ctx: FileContext, kind: MediaKind, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    allowed = ("src", "captions", "transcript") + (("poster",) if kind is MediaKind.VIDEO else ())
    attributes = parse_attributes(params, loc, ctx.diagnostics, allowed)
    types = VIDEO_TYPES if kind is MediaKind.VIDEO else AUDIO_TYPES
    before = len(ctx.diagnostics.items)
    src = attributes.get("src", "")
    rel = None
    if not src:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE, f"'::: {kind.value}' needs src=file")
    else:
        rel = ctx.resolve_asset(src, loc, kind.value)
    if rel is not None and rel.suffix.lower() not in types:
        ctx.diagnostics.error(loc, Code.CONTAINER_ATTRIBUTE,
                              f"{kind.value} '{src}' must be one of {', '.join(sorted(types))}")
    elif rel is not None:
        size = ctx.tree.files[rel].stat().st_size
        if size > MEDIA_WARN_BYTES:
            ctx.diagnostics.warning(loc, Code.MEDIA_SIZE,
                                    f"{kind.value} '{src}' is {size / 1048576:.1f} MB; many learning systems refuse "
                                    "packages over 50–100 MB, so consider a smaller file")
    captions = _captions(ctx, kind, attributes.get("captions"), loc)
    transcript = _transcript(ctx, kind, attributes.get("transcript"), loc)
    poster = None
    if "poster" in attributes:
        # A poster is decorative: the video's own label and caption say what it is.
        poster = read_image(ctx, attributes["poster"], None, loc, "poster")
    for node in nodes(inner):
        if is_container(node):
            ctx.diagnostics.error(ctx.loc(node[0]), Code.CONTAINER_UNKNOWN,
                                  f"'::: {kind.value}' holds only prose about the recording")
    if len(ctx.diagnostics.items) > before and any(d.severity.value == "error" for d in ctx.diagnostics.items[before:]):
        return None
    assert rel is not None
    return Media(id=block_id(ctx, kind.value, loc), kind=kind, src=ctx.href(rel), media_type=types[rel.suffix.lower()],
                 captions=captions, poster=poster, transcript=transcript,
                 caption=ctx.render(inner) if inner else None, loc=loc)


def _captions(ctx: FileContext, kind: MediaKind, src: str | None, loc: SourceLocation) -> str | None:
    if not src:
        if kind is MediaKind.VIDEO:
            ctx.diagnostics.error(loc, Code.MEDIA_CAPTIONS,
                                  "a video needs captions: captions=file.vtt (a WebVTT file of what is said and heard)")
        return None
    rel = ctx.resolve_asset(src, loc, "captions")
    if rel is None:
        return None
    if rel.suffix.lower() != ".vtt":
        ctx.diagnostics.error(loc, Code.MEDIA_WEBVTT, f"captions '{src}' must be a WebVTT file ending in .vtt")
        return None
    try:
        text = ctx.read_asset(rel).decode("utf-8")
    except UnicodeDecodeError:
        ctx.diagnostics.error(ctx.tree.location(rel), Code.MEDIA_WEBVTT, "WebVTT file is not UTF-8 text")
        return None
    _, problems = parse_webvtt(text)
    for problem in problems:
        ctx.diagnostics.error(ctx.tree.location(rel, problem.line), Code.MEDIA_WEBVTT, f"WebVTT file {problem.message}")
    return None if problems else ctx.href(rel)


def _transcript(ctx: FileContext, kind: MediaKind, src: str | None, loc: SourceLocation) -> Markup | None:
    if not src:
        if kind is MediaKind.AUDIO:
            ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT,
                                  "audio needs a transcript: transcript=file.md (what is said, as Markdown)")
        return None
    rel, _ = ctx._resolve(src)
    if rel is None or rel not in ctx.tree.files or ctx.tree.is_unsafe(rel):
        ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT, f"transcript '{src}' not found in the course folder")
        return None
    if rel.suffix.lower() not in (".md", ".txt"):
        ctx.diagnostics.error(loc, Code.MEDIA_TRANSCRIPT,
                              f"transcript '{src}' must be a Markdown (.md) or text (.txt) file")
        return None
    try:
        text = ctx.read_asset(rel).decode("utf-8-sig")
    except UnicodeDecodeError:
        ctx.diagnostics.error(ctx.tree.location(rel), Code.SOURCE_ENCODING, "transcript is not UTF-8 text")
        return None
    # The transcript is shown on the page, not shipped as a file: no asset entry.
    return ctx.render(ctx.md.parse(text.replace("\r\n", "\n")))


def parse_video(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    """``::: video src=… captions=… [transcript=…] [poster=…]``."""
    return _parse_media(ctx, MediaKind.VIDEO, inner, params, loc)


def parse_audio(ctx: FileContext, inner: Tokens, params: str, loc: SourceLocation) -> Media | None:
    """``::: audio src=… transcript=…``."""
    return _parse_media(ctx, MediaKind.AUDIO, inner, params, loc)
