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

import gettext
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cnatspi  # noqa: E402

Atspi = cnatspi.require()
A = cnatspi


class Walk:
    def __init__(self, build_root, language):
        self.build_root = build_root
        self.language = language
        self.checked = 0
        self.failures = []
        self.notes = []
        self.seen = set()
        self.steps = 0
        if language == "en":
            self.catalogue = gettext.NullTranslations()
        else:
            self.catalogue = gettext.translation("connecteur", os.path.join(build_root, "po"),
                                                 languages=[language])

    # Names as the app shows them in this language.
    def _(self, text, context=None):
        if context is not None:
            return self.catalogue.pgettext(context, text)
        return self.catalogue.gettext(text)

    def named(self, text, context=None):
        """A test for an accessible name showing that (translated) text. GTK
        4.8 names a button with a mnemonic "_Text Text": both are accepted."""
        shown = self._(text, context).replace("_", "")

        def test(name):
            name = name.replace("_", "")
            return name == shown or name == shown + " " + shown

        test.__name__ = shown
        return test

    def step(self, what):
        self.steps += 1
        print("# %s" % what)

    def settled(self, window, timeout=60.0):
        """The interactive objects on show, once two walks in a row find the
        same ones: what an action changed has had its layout by then."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            controls = [(obj, path) for obj, path in A.walk(window)
                        if A.is_interactive(obj, path)]
            # Role and name only: a whole path costs a call per ancestor.
            seen = [A.describe(obj) for obj, _ in controls]
            if seen and seen == last:
                return controls
            if time.monotonic() > deadline:
                if seen:
                    return controls
                raise TimeoutError("nothing to act on in %s" % A.describe(window))
            last = seen

    def check(self, window, what):
        """Walks window and records each unnamed control, once."""
        # The window's own name is read first: its title.
        problem = A.name_problem(window)
        if problem is not None and A.describe(window) not in self.seen:
            self.seen.add(A.describe(window))
            self.failures.append("%s: %s (%s, the window)" % (what, A.describe(window), problem))
        controls = self.settled(window)
        for obj, path in controls:
            problem = A.name_problem(obj)
            if problem is None:
                continue
            where = A.describe_path((window,) + path)
            if where in self.seen:
                continue
            self.seen.add(where)
            # A toast's close button is libadwaita's own, out of the app's
            # reach (as in tests/ui/test-accessibility.c): noted, not failed.
            if any(A.name_of(o) == "AdwToastWidget" for o in path):
                self.notes.append("%s: %s (%s, libadwaita's)" % (what, where, problem))
                continue
            self.failures.append("%s: %s (%s)" % (what, where, problem))
        self.checked += len(controls)
        print("# %s: %d controls" % (what, len(controls)))

    # Driving.
    def click(self, root, role, text, context=None, timeout=30.0):
        # A menu button is a button holding its toggle button: the one acting.
        test = self.named(text, context)
        obj = A.wait_for(lambda: next((o for o in A.find_all(root, role, test) if A.actions(o)),
                                      None), timeout, "%s “%s”" % (role, test.__name__))
        A.activate(obj)
        return obj

    def menu(self, window, button, item):
        """Opens a menu button's popover and activates one of its items."""
        self.click(window, "push button", button)
        self.click(window, "menu item", item)

    def open_dialog(self, app, known, open_it):
        """Does open_it, then waits for a window not among known."""
        before = list(known)
        open_it()
        return app.wait_window(exclude=before)

    def close(self, app, window):
        A.activate_named(window, "window.close")
        app.wait_window_gone(window)

    def dialog(self, app, window, what, open_it, then=None):
        """Opens a dialog, walks it (and what then does in it), closes it."""
        dialog = self.open_dialog(app, app.windows(), open_it)
        self.check(dialog, what)
        if then is not None:
            then(dialog)
        self.close(app, dialog)

    def select(self, item):
        A.select(item)
        A.wait_for(lambda: A.has_state(item, Atspi.StateType.SELECTED), 30,
                   "%s to be selected" % A.describe(item))

    def items(self, window, list_name):
        """The rows of the list of that name."""
        lists = A.find_all(window, "list", self.named(list_name))
        return [item for item in A.children(lists[0]) if A.role_name(item) == "list item"] \
            if lists else []

    def requests(self, window):
        return self.items(window, "Requests")

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
        print("# import dialog: not walked, it opens only from a file chooser or a drop")
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


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("en", "fr"):
        print("usage: %s BUILD-ROOT en|fr" % sys.argv[0], file=sys.stderr)
        return 2
    build_root, language = sys.argv[1], sys.argv[2]
    if language == "fr":
        os.environ.update({"LANGUAGE": "fr", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    else:
        os.environ.update({"LANGUAGE": "en", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
    walk = Walk(build_root, language)
    print("1..1")
    try:
        walk.run()
    except Exception as error:  # a step that could not be done
        print("not ok 1 - walk (%s) # %s: %s" % (language, type(error).__name__, error))
        for failure in walk.failures:
            print("#   %s" % failure)
        return 1
    for note in walk.notes:
        print("# known, not the app's: %s" % note)
    if walk.failures:
        print("not ok 1 - walk (%s): %d controls without a name" % (language, len(walk.failures)))
        for failure in walk.failures:
            print("#   %s" % failure)
        return 1
    print("ok 1 - walk (%s): %d controls checked, all named" % (language, walk.checked))
    return 0


if __name__ == "__main__":
    sys.exit(main())
