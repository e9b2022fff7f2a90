#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every control a screen reader reaches has a name that says what it is.

Runs the real app with its AT-SPI bridge, walks the accessible tree of each
page and of every dialog the window opens, driving the app through AT-SPI
actions only, and fails listing each interactive object on show whose name is
empty, a type's name ("GtkToggleButton") or only a role's word, with its path
of role:name from the window down.

    test-atspi-walk.py BUILD-ROOT en|fr

In French (LANGUAGE=fr) the controls are found by their translated names,
taken from the build's catalogue. Exits 77 (skipped) when AT-SPI cannot be
used: no Python bindings, no accessibility bus, no display.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cnatspi  # noqa: E402

Atspi = cnatspi.require()
A = cnatspi


class Walk(A.Driver):
    def run(self):
        started = time.monotonic()
        with A.App(self.build_root) as app:
            window = app.wait_window()
            self.step("empty database")
            A.find(window, "push button", self.named("_Load Example Requests"), 60)
            self.check(window, "Empty window")
            self.dialog(app, window, "New Request, no contacts",
                        lambda: self.click(window, "push button", "_New Request…"))

            self.step("example requests")
            self.click(window, "push button", "_Load Example Requests")
            A.wait_for(lambda: self.requests(window), 60, "the example requests")
            self.check(window, "Requests, To Do")
            self.click(window, "push button", "_Handled", "inbox view")
            self.check(window, "Requests, Handled")
            self.click(window, "push button", "_All", "inbox view")
            self.check(window, "Requests, All")

            self.step("a request's dialogs")
            self.select(self.requests(window)[0])
            self.check(window, "A request, its detail and review")
            self.dialog(app, window, "New Request",
                        lambda: self.click(window, "push button", "New request"))
            self.dialog(app, window, "Edit Request",
                        lambda: self.menu(window, "Request menu", "_Edit Request…"))
            self.dialog(app, window, "Ask for Motivation",
                        lambda: self.click(window, "push button", "_Ask for Motivation…"))
            self.dialog(app, window, "Decline",
                        lambda: self.click(window, "push button", "_Decline…"))

            # A request with a blocked step: its Override… buttons, then one.
            override = self._("Override the Motivation step…")
            for item in self.requests(window):
                self.select(item)
                buttons = A.find_all(window, "push button", lambda n: n == override)
                if buttons:
                    break
            else:
                raise AssertionError("no request has its Motivation step blocked")
            self.check(window, "A request with a blocked step")
            self.dialog(app, window, "Override", lambda: A.activate(buttons[0]))

            self.step("the requester's page, campaigns, preferences, shortcuts")
            requester = self._("All requests from %s").split("%s")[0]
            self.dialog(app, window, "Requester page",
                        lambda: A.activate(A.find(window, "push button",
                                                  lambda n: n.startswith(requester))))
            self.dialog(app, window, "Campaigns",
                        lambda: self.menu(window, "Main menu", "_Campaigns"))
            self.dialog(app, window, "Preferences",
                        lambda: self.menu(window, "Main menu", "_Preferences"),
                        self.preference_pages)
            self.dialog(app, window, "Keyboard Shortcuts",
                        lambda: self.menu(window, "Main menu", "_Keyboard Shortcuts"))

            self.step("contacts")
            A.activate(A.find(window, "page tab", self.named("Contacts")))
            contacts = A.wait_for(lambda: self.items(window, "Contacts"), 30, "the contacts")
            self.check(window, "Contacts")
            self.select(contacts[0])
            self.check(window, "A contact")
            self.dialog(app, window, "Delete Contact",
                        lambda: self.click(window, "push button", "_Delete Contact…"))
            self.click(window, "push button", "New contact")
            self.check(window, "The contact editor, a new contact")
        print("# import dialog: walked by test-atspi-e2e (it opens from a file chooser)")
        print("# walk took %.1f s" % (time.monotonic() - started))

    def preference_pages(self, dialog):
        names = []
        # A view switcher and its narrow twin: each page once.
        for tab in A.find_all(dialog, "page tab"):
            name = A.name_of(tab)
            if name in names:
                continue
            names.append(name)
            A.activate(tab)
            self.check(dialog, "Preferences, %s" % name)


if __name__ == "__main__":
    sys.exit(A.main(Walk, "walk"))
