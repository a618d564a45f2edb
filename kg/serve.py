"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store (Oxigraph's server behind a policy layer).

Two processes share the work. ``oxigraph serve`` (PyPI ``oxigraph``, the same engine and on-disk
format as ``pyoxigraph``) holds the store — it is the store's one writer — and does the SPARQL:
parsing, evaluation, content negotiation, the query timeout. In front of it a Starlette app under
uvicorn is the only public listener and enforces the policy: read-only unless ``allow_update``,
no ``SERVICE``/``LOAD`` to other servers unless ``allow_service``, request and result size
limits, CORS. Builds while serving go through the server (``kg build --store`` of a served
folder does so by itself, with the token the server leaves in the store folder), so each
document is written in one update request and readers see it whole or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import parse_qs

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from kg.errors import ServeError, StoreError
from kg.remote import SERVE_FILE
from kg.sparql_text import keywords

__all__ = ["Engine", "ServeConfig", "create_app", "describe", "free_port", "outside_calls", "serve"]

MiB = 1024 * 1024
# Oxigraph ends a streamed result with this text when its timeout cancels the query.
_CANCELLED = b"The SPARQL operation has been cancelled"
_PEEK = 256 * 1024  # results up to this size are checked whole before the status line goes out
_GRACE = 2.0  # seconds the policy layer waits past the engine's own timeout before restarting the engine


@dataclass(frozen=True)
class ServeConfig:
    """How ``kg serve`` listens and what it allows."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    allow_update: bool = False
    allow_service: bool = False
    timeout: float = 30.0
    max_request_bytes: int = 16 * MiB
    max_result_bytes: int = 256 * MiB
    cors_origins: tuple[str, ...] = ("*",)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def describe(config: ServeConfig) -> str:
    """The line ``kg serve`` prints when it starts."""
    mode = "read-write" if config.allow_update else "read-only (builds of this store go through the server)"
    service = "allowed" if config.allow_service else "refused"
    return (
        f"SPARQL endpoint {config.url}/query (updates {config.url}/update, graph store {config.url}/store), "
        f"{mode}, SERVICE {service}, timeout {config.timeout:g} s; Ctrl-C stops it"
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


# -- the query text ----------------------------------------------------------------------------
def outside_calls(sparql: str) -> list[str]:
    """The keywords of a query or update that would make the server call other servers.

    Codepoint escapes are decoded first, as SPARQL does before parsing; strings, IRIs, comments
    and variables are skipped, so ``<http://x/service>`` or ``"SERVICE"`` do not count.

    >>> outside_calls('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ['SERVICE']
    >>> outside_calls('SELECT ?service { ?service a <http://x/SERVICE> } # SERVICE')
    []
    """
    return [word for word in keywords(sparql) if word in ("SERVICE", "LOAD")]


def _operation(body: bytes, content_type: str, query_string: str, field_name: str) -> str | None:
    """The query (``field_name="query"``) or update text of a SPARQL Protocol request."""
    media = content_type.split(";")[0].strip().lower()
    # Everything that could be taken for the operation is returned, so none escapes the checks.
    values = parse_qs(query_string).get(field_name, [])
    if media in ("application/sparql-query", "application/sparql-update"):
        values.append(body.decode("utf-8", errors="replace"))
    elif media == "application/x-www-form-urlencoded":
        values += parse_qs(body.decode("utf-8", errors="replace")).get(field_name, [])
    return "\n".join(values) if values else None


# -- the engine ----------------------------------------------------------------------------------
def _oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the `oxigraph` server is not installed (pip install 'oxigraph>=0.5,<0.6')")
    engine, library = version("oxigraph"), version("pyoxigraph")
    if engine.split(".")[:2] != library.split(".")[:2]:
        raise ServeError(
            f"oxigraph {engine} and pyoxigraph {library} differ in their minor version, so their "
            f"on-disk formats may too (pip install 'oxigraph=={library}')"
        )
    return found


def _die_with_parent() -> None:
    # Linux: the engine gets SIGTERM if kg serve dies (even by SIGKILL), so it never keeps the store lock.
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Engine:
    """An ``oxigraph serve`` process on a private loopback port, holding the store."""

    def __init__(self, store: Path, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self.generation = 0  # bumped by each restart

    def start(self) -> None:
        """Start the engine and wait until it answers (or raise ``StoreError`` with its message)."""
        command = [
            _oxigraph_binary(), "serve", "--location", str(self.store), "--bind", f"127.0.0.1:{self.port}",
            "--union-default-graph", "--timeout-s", str(max(1, round(self.timeout))),
        ]
        # preexec_fn only calls prctl (async-signal-safe), and kg serve starts no threads of its own.
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent  # noqa: PLW1509
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                message = (self._process.stderr.read() if self._process.stderr else b"").decode(errors="replace")
                if "lock" in message.lower():
                    raise StoreError(f"{self.store}: the store is in use by another geokg process (stop it first)")
                raise StoreError(f"{self.store}: the SPARQL engine did not start ({message.strip()[:300]})")
            try:
                httpx.get(f"{self.url}/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise StoreError(f"{self.store}: the SPARQL engine did not answer within 30 s")

    def restart_if(self, generation: int) -> None:
        """Kill and restart the engine, unless another caller already did since ``generation``.

        Killing is safe for the data: Oxigraph commits each update in one RocksDB transaction.
        It blocks the caller for the restart (well under a second), on purpose: this runs in
        the thread that started the engine, which Linux ties the engine's lifetime to.
        """
        if generation != self.generation:
            return
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        self.generation += 1
        self.start()

    def stop(self) -> None:
        """Stop the engine (it flushes and releases the store)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None


# -- the policy layer ------------------------------------------------------------------------
class _TooLarge(Exception):
    """A streamed result passed the size limit: the connection is cut so no client takes it as whole."""


def _error(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def create_app(config: ServeConfig, engine: Engine, on_shutdown: Callable[[], None] | None = None) -> Starlette:
    """The Starlette app that checks each request and hands it to the running ``engine``."""
    limits = httpx.Timeout(None, connect=5.0)  # the deadline is kept by asyncio.timeout in exchange()
    state: dict[str, httpx.AsyncClient] = {}

    def may_write(request: Request) -> bool:
        supplied = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return config.allow_update or (bool(supplied) and secrets.compare_digest(supplied, config.token))

    async def read_body(request: Request) -> bytes | Response:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_request_bytes:
            return _error(413, f"request larger than {config.max_request_bytes} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > config.max_request_bytes:
                return _error(413, f"request larger than {config.max_request_bytes} bytes")
        return bytes(body)

    async def forward(request: Request, path: str, body: bytes) -> Response:
        # Reads are retried once on a fresh engine if a restart (below) cut their connection.
        retries = 1 if path == "/query" or request.method in ("GET", "HEAD") else 0
        while True:
            generation = engine.generation
            try:
                return await exchange(request, path, body, generation)
            except TimeoutError:
                # Oxigraph's own timeout does not reach every operator (a three-way cross product
                # ran for minutes): past the grace period the engine is restarted, which is the
                # only way to stop the query, and reads cut off with it are sent again.
                engine.restart_if(generation)
                return _error(503, f"query cancelled: it ran past the {config.timeout:g} s timeout")
            except httpx.TransportError as exc:
                if retries and engine.generation != generation:
                    retries -= 1
                    continue
                return _error(502, f"the SPARQL engine is unavailable ({exc})")

    async def exchange(request: Request, path: str, body: bytes, generation: int) -> Response:
        headers = {k: v for k, v in request.headers.items() if k in ("accept", "content-type")}
        upstream_request = state["client"].build_request(
            request.method, f"{engine.url}{path}", params=request.url.query or None, headers=headers, content=body
        )
        started = time.monotonic()
        head = bytearray()
        complete = False
        async with asyncio.timeout(config.timeout + _GRACE):
            upstream = await state["client"].send(upstream_request, stream=True)
            chunks = upstream.aiter_bytes()
            try:
                while len(head) <= _PEEK:
                    try:
                        head += await chunks.__anext__()
                    except StopAsyncIteration:
                        complete = True
                        break
            except BaseException:
                await upstream.aclose()
                raise
        out_headers = {k: v for k, v in upstream.headers.items() if k in ("content-type", "content-disposition")}
        if complete:
            await upstream.aclose()
            if head.endswith(_CANCELLED) and time.monotonic() - started >= config.timeout - 0.5:
                return _error(503, f"query cancelled: it ran past the {config.timeout:g} s timeout")
            if len(head) > config.max_result_bytes:
                return _error(413, f"result larger than {config.max_result_bytes} bytes (add a LIMIT)")
            return Response(bytes(head), status_code=upstream.status_code, headers=out_headers)

        async def rest() -> AsyncIterator[bytes]:
            sent = len(head)
            try:
                yield bytes(head)
                async for chunk in chunks:
                    sent += len(chunk)
                    if sent > config.max_result_bytes:
                        raise _TooLarge(f"result larger than {config.max_result_bytes} bytes")
                    if chunk.endswith(_CANCELLED):
                        raise _TooLarge("query cancelled by the timeout while streaming")
                    if time.monotonic() - started > config.timeout + _GRACE:
                        engine.restart_if(generation)
                        raise _TooLarge("query cancelled by the timeout while streaming")
                    yield chunk
            finally:
                await upstream.aclose()

        return StreamingResponse(rest(), status_code=upstream.status_code, headers=out_headers)

    def operation(kind: str, media: str, writes: bool) -> Callable[[Request], Awaitable[Response]]:
        """The handler of ``/query`` (kind ``query``) or ``/update`` (kind ``update``)."""

        async def handle(request: Request) -> Response:
            if writes and not may_write(request):
                return _error(403, "this endpoint is read-only (start kg serve with --allow-update)")
            body = await read_body(request)
            if isinstance(body, Response):
                return body
            text = _operation(body, request.headers.get("content-type", ""), request.url.query, kind)
            if text is None:
                return _error(400, f"no {kind}: send it as the `{kind}` parameter or an {media} body")
            if not config.allow_service and (calls := outside_calls(text)):
                return _error(403, f"{calls[0]} to other servers is disabled on this endpoint (kg serve --allow-service)")
            return await forward(request, f"/{kind}", body)

        return handle

    async def graph_store(request: Request) -> Response:
        if request.method not in ("GET", "HEAD") and not may_write(request):
            return _error(403, "this endpoint is read-only (start kg serve with --allow-update)")
        body = await read_body(request)
        if isinstance(body, Response):
            return body
        return await forward(request, "/store", body)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=limits, limits=httpx.Limits(max_connections=64)) as client:
            state["client"] = client
            try:
                yield
            finally:
                # Here, not after uvicorn returns: uvicorn re-raises SIGTERM once it has shut down.
                if on_shutdown is not None:
                    on_shutdown()

    methods = ["GET", "POST", "OPTIONS"] + (["PUT", "DELETE", "HEAD"] if config.allow_update else ["HEAD"])
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=methods,
            allow_headers=["Accept", "Content-Type", "Authorization"],
        )
    ]
    query = operation("query", "application/sparql-query", writes=False)
    routes = [
        Route("/query", query, methods=["GET", "POST"]),
        Route("/sparql", query, methods=["GET", "POST"]),
        Route("/update", operation("update", "application/sparql-update", writes=True), methods=["POST"]),
        Route("/store", graph_store, methods=["GET", "HEAD", "PUT", "POST", "DELETE"]),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _check_address(host: str, port: int) -> None:
    """Fail early, with the fix, if the address cannot be listened on."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror}): choose another --port or --host") from None


def serve(config: ServeConfig) -> None:
    """Open the store, start the engine and the policy layer, and serve until interrupted.

    While it runs, ``STORE/geokg-serve.json`` (readable by the owner only) tells ``kg build`` of
    the same folder to write through the server.
    """
    import uvicorn

    from kg.store import Store

    _check_address(config.host, config.port)
    Store(config.store).close()  # creates the store, loads the ontology graph, checks the lock
    engine = Engine(config.store, config.timeout)
    engine.start()
    marker = config.store / SERVE_FILE

    def shut_down() -> None:
        marker.unlink(missing_ok=True)
        engine.stop()

    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"url": config.url, "token": config.token, "pid": os.getpid()}, handle)
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(config, engine, shut_down), host=config.host, port=config.port,
                log_level="warning", timeout_keep_alive=30, lifespan="on",
            )
        )
        asyncio.run(server.serve())
    finally:
        shut_down()
