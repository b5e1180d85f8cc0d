"""An event's links from a screen that selects events: w / j copy the web (registration) or join
link to the clipboard (OSC 52), ctrl+o opens the web link (or the join link) in a browser."""

from __future__ import annotations

import webbrowser

from textual.binding import Binding

from .event_actions import EventActionsScreen

LINK_BINDINGS = [
    Binding("w", "copy_link('web')", "Copy web link", show=False),
    Binding("j", "copy_link('join')", "Copy join link", show=False),
    Binding("ctrl+o", "open_link", "Open web link", show=False),
]


def open_in_browser(url: str) -> bool:
    """Open ``url`` with the machine's browser (False when there is none, as over ssh)."""
    try:
        return webbrowser.open(url, new=2)
    except webbrowser.Error:
        return False


class EventLinkActions(EventActionsScreen):
    """Copy or open the selected event's links."""

    def action_copy_link(self, which: str) -> None:
        """The event's web (registration) link or its join link to the clipboard (OSC 52)."""
        if not (event := self.selected()):
            return
        url = event.registration_url if which == "web" else event.online_url
        label = "web link" if which == "web" else "join link"
        if not url:
            self.notify(f"“{event.title}” has no {label}", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied the {label}: {url}", title="Clipboard", markup=False)

    def action_open_link(self) -> None:
        """Open the web link (or the join link when there is none) in a browser, in a worker;
        without a browser the link is said instead."""
        if not (event := self.selected()):
            return
        url = event.registration_url or event.online_url
        if not url:
            self.notify(f"“{event.title}” has no web or join link", severity="warning", markup=False)
            return

        def opened() -> None:
            said = f"Opened {url}" if open_in_browser(url) else f"No browser here — the link: {url}"
            self.app.call_from_thread(self.notify, said, title="Link", markup=False)

        self.run_worker(opened, thread=True, exit_on_error=False, group="open-link")
