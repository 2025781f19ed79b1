"""What the printing browser may do: read the built site from the local server, and nothing else.

Printing must be safe whatever a booklet page holds, even if raw HTML passed every other check. Four
independent layers:

- no script runs: the browser context has JavaScript off (the print layout needs none: print.css lays out
  the page as it is without scripts, quizzes included) and no service worker;
- the network stack can reach one address, the local server's ``127.0.0.1:PORT``: every other host name or
  address resolves to nothing (Chromium's host resolver rules), so not even a preconnect or a redirect leaves;
- every request is routed: anything not from the local server's origin is aborted, and the only navigation
  of the top frame is the one to the booklet being printed; later ones (``<meta http-equiv="refresh">``)
  and frames that would leave the site get an empty "204 No Content", which keeps the page where it is;
- a time limit per booklet (``pdf_export``), so a page that never finishes loading cannot stall the build.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

# new_context() options: no scripts, no service worker, no downloads, nothing carried between booklets.
CONTEXT_OPTIONS: dict[str, Any] = {"java_script_enabled": False, "service_workers": "block",
                                   "accept_downloads": False}


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url`` (lower case), the unit the gate allows or refuses."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def chromium_args(base_url: str) -> list[str]:
    """Launch switches that let the browser's network reach the local server at ``base_url`` only."""
    host_port = urlsplit(base_url).netloc
    return [f"--host-resolver-rules=MAP {host_port} {host_port}, MAP * ~NOTFOUND"]


class Gate:
    """The route handler of one booklet's printing: the local origin only, one navigation of the top frame.

    Use it as ``await context.route("**/*", Gate(base_url, page_url).handle)``.
    """

    def __init__(self, base_url: str, page_url: str) -> None:
        self.origin = origin(base_url)
        self.page_url = page_url
        self.navigated = False
        self.refused: list[str] = []  # addresses refused, for messages and tests

    def allows(self, url: str, navigation: bool, top_frame: bool) -> bool:
        """True when the request for ``url`` may go to the local server."""
        if origin(url) != self.origin:
            return False
        if navigation and top_frame:
            if self.navigated or url != self.page_url:
                return False
            self.navigated = True
        return True

    async def handle(self, route: Any) -> None:
        request = route.request
        navigation = request.is_navigation_request()
        top_frame = navigation and request.frame.parent_frame is None
        if self.allows(request.url, navigation, top_frame):
            await route.continue_()
            return
        self.refused.append(request.url)
        if navigation:
            await route.fulfill(status=204)  # no content: the frame stays on what it shows
        else:
            await route.abort("blockedbyclient")
