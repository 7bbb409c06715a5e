"""A small Language Server Protocol client that drives the real yaml-language-server, as VS Code does.

JSON-RPC over the server's stdin/stdout with ``Content-Length`` framing. The settings are the workspace's own
``.vscode/settings.json``, so the tests check the configuration communicatieadviseurs get. The server is
installed from npm by ``make test`` (``package.json``, ``package-lock.json``); without node or that install, the
tests that need it skip with a message.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def missing() -> str | None:
    """Why the language server cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node ontbreekt: de test met de echte yaml-language-server wordt overgeslagen (installeer nodejs en npm)"
    if not SERVER.is_file():
        return "yaml-language-server ontbreekt in node_modules: draai 'make test' (npm ci) of 'npm ci'"
    return None


def workspace_settings() -> dict[str, Any]:
    """``.vscode/settings.json`` as the sections the server asks for: {'yaml': {...}, '[yaml]': {...}, ...}."""
    flat = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    sections: dict[str, Any] = {}
    for key, value in flat.items():
        if key.startswith("["):
            sections[key] = value
            continue
        section, _, name = key.partition(".")
        sections.setdefault(section, {})[name] = value
    return sections


class LanguageServer:
    """One running yaml-language-server with ``root`` as its workspace folder."""

    def __init__(self, root: Path, settings: dict[str, Any], timeout: float = 60):
        self.root = root
        self.settings = settings
        self.timeout = timeout
        self.process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.diagnostics: dict[str, queue.Queue] = {}
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "locale": "nl",
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": False},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}
                        },
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    # --- JSON-RPC ---------------------------------------------------------------------------------------------

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # a request from the server
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": self._answer(message)})
            elif "id" in message:
                self._responses.setdefault(message["id"], queue.Queue()).put(message)
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics.setdefault(params["uri"], queue.Queue()).put(params["diagnostics"])

    def _answer(self, message: dict) -> Any:
        if message["method"] == "workspace/configuration":
            return [self.settings.get(item.get("section"), {}) for item in message["params"]["items"]]
        return None

    def request(self, method: str, params: dict) -> Any:
        self._next_id += 1
        ident = self._next_id
        box = self._responses.setdefault(ident, queue.Queue())
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        reply = box.get(timeout=self.timeout)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: dict) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # --- what an editor does ----------------------------------------------------------------------------------

    def open(self, path: Path, text: str) -> list[dict]:
        """Open ``text`` as the document at ``path`` (inside the workspace); returns its diagnostics."""
        uri = path.as_uri()
        box = self.diagnostics.setdefault(uri, queue.Queue())
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
        )
        return box.get(timeout=self.timeout)

    def close(self, path: Path) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": path.as_uri()}})

    def hover(self, path: Path, line: int, character: int) -> str:
        """The hover text at a 0-based position ('' when there is none)."""
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, path: Path, line: int, character: int) -> list[dict]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}},
        )
        return (result or {}).get("items", []) if isinstance(result, dict) else (result or [])

    def stop(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a server that does not stop is ended below
            pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
