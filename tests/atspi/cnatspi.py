# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real Connecteur through the AT-SPI tree, as a screen reader does.

The app runs with its accessibility bridge on (no NO_AT_BRIDGE, no GTK_A11Y),
on a fresh database and fresh XDG folders of its own, so that two tests on the
same session bus and display do not meet: the app is G_APPLICATION_NON_UNIQUE,
and it is told apart from another instance in the AT-SPI desktop by its
process id. Controls are found by role and accessible name, never by position,
and driven through their Action and EditableText interfaces only: no keyboard
event, which would go to whichever window of the shared display has the focus.

    import cnatspi
    Atspi = cnatspi.require()          # exits 77 when AT-SPI cannot be used
    with cnatspi.App(build_root) as app:
        window = app.wait_window()
        cnatspi.activate(cnatspi.find(window, "push button", "Load Example Requests"))
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77

Atspi = None


def require():
    """Returns the Atspi module, or exits 77 (skipped) saying why it cannot
    be used: the bindings are missing, or no AT-SPI bus is reachable."""
    global Atspi
    try:
        import gi

        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi as module
    except (ImportError, ValueError) as error:
        skip("gi.repository.Atspi cannot be imported (%s): install python3-gi and "
             "gir1.2-atspi-2.0" % error)
    why = _bus_problem()
    if why:
        skip(why)
    Atspi = module
    # libatspi gives up on an answer after 800 ms: an action that builds a
    # window (Preferences) takes longer in a sanitized build.
    Atspi.set_timeout(60000, 120000)
    return Atspi


def skip(why):
    print("1..0 # SKIP %s" % why)
    sys.exit(SKIP)


def _bus_problem():
    """Why the accessibility bus cannot be reached, or None."""
    from gi.repository import Gio, GLib

    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no session bus (run under dbus-run-session)"
    if not os.environ.get("DISPLAY"):
        return "no display (run under xvfb-run)"
    try:
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        # Starts at-spi-bus-launcher through the session bus when needed.
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                              None, GLib.VariantType("(s)"), Gio.DBusCallFlags.NONE, 10000,
                              None)
    except GLib.Error as error:
        return "no AT-SPI bus on the session bus: %s" % error.message
    if not reply.unpack()[0]:
        return "the AT-SPI bus launcher gave no address"
    return None


# Role names as AT-SPI spells them (Atspi.Accessible.get_role_name()).
def role_name(obj):
    try:
        return obj.get_role_name()
    except Exception:  # gone while we looked
        return "?"


def name_of(obj):
    try:
        return obj.get_name() or ""
    except Exception:
        return ""


def states(obj):
    try:
        return obj.get_state_set()
    except Exception:
        return None


def has_state(obj, state):
    state_set = states(obj)
    return state_set is not None and state_set.contains(state)


def extents(obj):
    """(x, y, width, height) in the window, or None."""
    try:
        box = Atspi.Component.get_extents(obj, Atspi.CoordType.WINDOW)
    except Exception:
        return None
    return (box.x, box.y, box.width, box.height)


def is_showing(obj):
    """On screen, or maybe: GTK 4.8 sets SHOWING on windows only. Below them,
    a widget never shown has no size; a hidden one keeps its last (walk()
    sorts out a stack's pages); what is no widget (a stack's page) has no
    extents, and counts as shown when visible."""
    if has_state(obj, Atspi.StateType.SHOWING):
        return True
    if not has_state(obj, Atspi.StateType.VISIBLE):
        return False
    box = extents(obj)
    return box is None or (box[2] > 0 and box[3] > 0)


def children(obj):
    try:
        count = obj.get_child_count()
    except Exception:
        return []
    result = []
    for i in range(count):
        try:
            child = obj.get_child_at_index(i)
        except Exception:
            continue
        if child is not None:
            result.append(child)
    return result


def _box_of(obj):
    """obj's extents, through what has none (a stack's page) to its child."""
    box = extents(obj)
    if box is None:
        kids = children(obj)
        if len(kids) == 1:
            return _box_of(kids[0])
    return box


def _is_below(obj, ancestor, window):
    while obj is not None:
        if obj == ancestor:
            return True
        if obj == window:
            return False
        try:
            obj = obj.get_parent()
        except Exception:
            return False
    return False


def _realize(obj):
    """Lists every descendant of obj: GTK 4.8 puts an object on the bus only
    once its parent was asked for its children, and a pick landing on one not
    yet there answers nothing."""
    for child in children(obj):
        _realize(child)


def _pick(window, x, y):
    try:
        return Atspi.Component.get_accessible_at_point(window, x, y, Atspi.CoordType.WINDOW)
    except Exception:
        return None


def _hidden_siblings(kids, window):
    """The children a stack or a folded leaflet hides. GTK 4.8 tells nothing
    of it (a hidden page keeps its visible state and its last extents): of
    children with the same extents, the one on show is the one a pick in the
    middle of them lands in. When the pick tells none, all stay."""
    boxes = [(kid, _box_of(kid)) for kid in kids]
    boxes = [(kid, box) for kid, box in boxes if box is not None and box[2] > 0 and box[3] > 0]
    hidden = []
    done = []
    for kid, box in boxes:
        if box in done:
            continue
        done.append(box)
        group = [k for k, b in boxes if b == box]
        if len(group) < 2:
            continue
        x, y = box[0] + box[2] // 2, box[1] + box[3] // 2
        hit = _pick(window, x, y)
        if hit is None:
            for k in group:
                _realize(k)
            hit = _pick(window, x, y)
        on_top = [k for k in group if hit is not None and _is_below(hit, k, window)]
        if len(on_top) == 1:
            hidden.extend(k for k in group if not k == on_top[0])
    return hidden


def walk(root, path=(), window=None):
    """Yields (object, path) for what root shows, depth first; path is the
    tuple of objects from root's child down to the object."""
    if window is None:
        window = root
    kids = [kid for kid in children(root) if is_showing(kid)]
    hidden = _hidden_siblings(kids, window) if len(kids) > 1 else []
    for child in kids:
        if any(child == h for h in hidden):
            continue
        child_path = path + (child,)
        yield child, child_path
        yield from walk(child, child_path, window)


def describe(obj):
    return "%s:%s" % (role_name(obj), name_of(obj))


def describe_path(path):
    """role:name from the window down, leaving out unnamed containers."""
    shown = [obj for i, obj in enumerate(path)
             if i == 0 or i == len(path) - 1 or name_of(obj) or
             role_name(obj) not in ("panel", "filler", "scroll pane", "viewport")]
    return " > ".join(describe(obj) for obj in shown)


def _matches(obj, role, name):
    if role is not None:
        roles = (role,) if isinstance(role, str) else role
        if role_name(obj) not in roles:
            return False
    if name is not None:
        wanted = name if callable(name) else (lambda n: n == name)
        if not wanted(name_of(obj)):
            return False
    return True


def find_all(root, role=None, name=None):
    """Every showing descendant of root with that role (a role name or a
    tuple of them) and that accessible name (a string, or a test)."""
    return [obj for obj, _ in walk(root) if _matches(obj, role, name)]


def find(root, role=None, name=None, timeout=30.0):
    """The one showing descendant with that role and name, waited for."""
    def one():
        found = find_all(root, role, name)
        return found[0] if found else None

    return wait_for(one, timeout, "%s “%s” under %s" % (role, name, describe(root)))


class AppExited(Exception):
    pass


# The apps started and not yet stopped: a wait ends as soon as one has died,
# with its status and last words, instead of running out its timeout.
_running = []


def wait_for(predicate, timeout=30.0, what="a condition"):
    """Polls predicate until it returns something true, and returns it. The
    timeouts are generous: a sanitized build answers several times slower,
    and a wait that succeeds costs only its time."""
    deadline = time.monotonic() + timeout
    while True:
        for app in _running:
            app.check_alive()
        try:
            value = predicate()
        except AppExited:
            raise
        except Exception:  # the tree changed under us: look again
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("waited %.0f s for %s" % (timeout, what))
        time.sleep(0.05)


def actions(obj):
    """The names of obj's actions; GTK 4.8 may count more than it has."""
    try:
        count = Atspi.Action.get_n_actions(obj)
    except Exception:
        return []
    names = []
    for i in range(count):
        try:
            names.append(Atspi.Action.get_action_name(obj, i))
        except Exception:
            break
    return names


def activate(obj):
    """Does what a screen reader's "activate" does: the object's "click",
    "activate", "press" or "toggle" action, else its first one."""
    names = actions(obj)
    if not names:
        raise AssertionError("%s has no action" % describe(obj))
    for wanted in ("click", "activate", "press", "toggle"):
        if wanted in names:
            index = names.index(wanted)
            break
    else:
        index = 0
    if not Atspi.Action.do_action(obj, index):
        raise AssertionError("%s refused its action %s" % (describe(obj), names[index]))


def select(obj):
    """Selects a list's item through its parent's Selection interface."""
    parent = obj.get_parent()
    try:
        done = Atspi.Selection.select_child(parent, obj.get_index_in_parent())
    except Exception as error:
        raise AssertionError("%s is in no selection (%s)" % (describe(obj), error))
    if not done:
        raise AssertionError("%s could not be selected" % describe(obj))


def set_text(obj, text):
    """Replaces an entry's or a text view's text, as typing would."""
    try:
        done = Atspi.EditableText.set_text_contents(obj, text)
    except Exception as error:
        raise AssertionError("%s cannot be edited (%s)" % (describe(obj), error))
    if not done:
        raise AssertionError("%s refused its text" % describe(obj))


def text_of(obj):
    try:
        return Atspi.Text.get_text(obj, 0, Atspi.Text.get_character_count(obj)) or ""
    except Exception:
        return ""


def press_keys(keysym_or_string, synth=None):
    """A key event for the focused window of the display. Only for a test
    that runs alone on its display: keys go to whoever has the focus."""
    if synth is None:
        synth = Atspi.KeySynthType.STRING if isinstance(keysym_or_string, str) \
            else Atspi.KeySynthType.PRESSRELEASE
    if isinstance(keysym_or_string, str):
        Atspi.generate_keyboard_event(0, keysym_or_string, synth)
    else:
        Atspi.generate_keyboard_event(keysym_or_string, None, synth)


class App:
    """The app on a fresh database, in a folder of its own removed at exit."""

    def __init__(self, build_root, args=(), env=None):
        self.build_root = os.path.abspath(build_root)
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.process = None
        self.accessible = None
        self.folder = None
        self.log_path = None
        self.own_criticals = []
        self.toolkit_criticals = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, kind, value, trace):
        self.stop()
        if kind is None and self.own_criticals:
            raise AssertionError("the app printed %d criticals or warnings: %s" %
                                 (len(self.own_criticals), " | ".join(self.own_criticals[:5])))
        if self.toolkit_criticals:
            print("# known, not the app's: GTK 4.8's AT-SPI bridge printed %d criticals "
                  "(a reference to a row gone away)" % len(self.toolkit_criticals))
        return False

    def environment(self):
        env = dict(os.environ)
        # The point is the real bridge: neither switch may reach the app.
        env.pop("NO_AT_BRIDGE", None)
        env.pop("GTK_A11Y", None)
        for key in ("DATA", "CONFIG", "CACHE", "STATE"):
            path = os.path.join(self.folder, key.lower())
            os.makedirs(path, exist_ok=True)
            env["XDG_%s_HOME" % key] = path
        env.update({
            "CONNECTEUR_DB": self.database,
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": os.path.join(self.build_root, "data"),
            "CONNECTEUR_LOCALEDIR": os.path.join(self.build_root, "po"),
            "GSK_RENDERER": "cairo",
            "GDK_BACKEND": "x11",
        })
        env.update(self.extra_env)
        # GTK 4.8's bridge may print a critical of its own while a list
        # changes under a reader's question (see TOOLKIT_CRITICALS): the app
        # must live on, and stop() sorts what it printed instead.
        debug = [d for d in env.get("G_DEBUG", "").split(",")
                 if d and d not in ("fatal-criticals", "fatal-warnings")]
        env["G_DEBUG"] = ",".join(debug)
        return env

    def start(self, timeout=120.0):
        self.folder = tempfile.mkdtemp(prefix="cn-atspi-")
        self.database = os.path.join(self.folder, "connecteur.db")
        binary = os.path.join(self.build_root, "src", "connecteur")
        self.log_path = os.path.join(self.folder, "stderr.log")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen([binary, "--db", self.database] + self.args,
                                            env=self.environment(), cwd=self.folder,
                                            stderr=log)
        _running.append(self)
        self.accessible = wait_for(self._find_accessible, timeout,
                                   "the app (pid %d) in the AT-SPI desktop" % self.process.pid)
        # No cache: every question goes to the app, which answers with the
        # tree as it is now, not as our copy of its events left it.
        self.accessible.set_cache_mask(Atspi.Cache.NONE)
        return self.accessible

    def last_words(self, lines=8):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return log.read().splitlines()[-lines:]
        except (OSError, TypeError):
            return []

    def check_alive(self):
        if self.process is None or self.process.poll() is None:
            return
        status = self.process.returncode
        how = ("was killed by signal %d" % -status) if status < 0 \
            else ("exited with status %d" % status)
        words = " | ".join(self.last_words())
        raise AppExited("the app (pid %d) %s%s" % (self.process.pid, how,
                                                 (": " + words) if words else ""))

    def _find_accessible(self):
        self.check_alive()
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.process.pid:
                    return app
            except Exception:
                continue
        return None

    def windows(self):
        """The app's showing toplevels: frames, dialogs and windows."""
        return [w for w in children(self.accessible) if is_showing(w)]

    def wait_window(self, name=None, timeout=60.0, exclude=()):
        """A showing toplevel, by name (a string or a test) if given."""
        def look():
            for window in self.windows():
                if any(window == e for e in exclude):
                    continue
                if name is None or _matches(window, None, name):
                    return window
            return None

        return wait_for(look, timeout, "a window “%s”" % (name or ""))

    def wait_window_gone(self, window, timeout=30.0):
        wait_for(lambda: not any(w == window for w in self.windows()), timeout,
                 "%s to close" % describe(window))

    def criticals(self):
        """What the app printed as critical or warning, in two lists: its own
        (a test fails on them) and GTK 4.8's bridge's, known and harmless."""
        own, toolkit = [], []
        for line in self.last_words(lines=100000):
            if not re.search(r"-(CRITICAL|WARNING) \*\*", line):
                continue
            if any(re.search(known, line) for known in TOOLKIT_CRITICALS):
                toolkit.append(line.strip())
            else:
                own.append(line.strip())
        return own, toolkit

    def stop(self):
        if self in _running:
            _running.remove(self)
        if self.process is not None and self.process.poll() is None:
            # GApplication has no handler for SIGTERM: the process ends at
            # once, and SQLite's journal keeps the database whole.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            self.own_criticals, self.toolkit_criticals = self.criticals()
            for line in self.own_criticals + self.toolkit_criticals:
                print(line, file=sys.stderr)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


# Criticals of GTK 4.8's AT-SPI bridge, not the app's: when a row's
# accessible goes away while a reader asks about it or its parent, the bridge
# builds a reference from a path it no longer has, and GVariant complains at
# each level of that reference. The bridge then answers without it.
TOOLKIT_CRITICALS = (
    r"GLib-CRITICAL \*\*.*g_variant_(is_object_path|new_object_path|new_variant|"
    r"ref_sink|get_type|type_is_subtype_of|builder_add_value|builder_end)",
    r"dbind-WARNING",
)


# What a person can act on: each needs a name that says what it does.
INTERACTIVE_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box", "entry",
    "text", "password text", "spin button", "slider", "menu item", "check menu item",
    "radio menu item", "link", "switch", "page tab", "tree item", "toggle button",
}
# Interactive only when they take the focus: rows and items of lists.
FOCUSABLE_ROLES = {"list item", "table row", "row", "table cell", "tree table", "menu"}

# A role's words, in English and French, are no name.
ROLE_WORDS = {
    "button", "push button", "toggle button", "check box", "checkbox", "radio button",
    "combo box", "entry", "text", "password text", "spin button", "slider", "menu item",
    "link", "list item", "row", "table row", "switch", "item", "label", "image", "icon",
    "bouton", "case à cocher", "lien", "entrée", "texte", "curseur", "interrupteur",
    "élément", "ligne", "menu",
}
GENERIC = re.compile(r"^(Gtk|Adw|Cn)[A-Z]")


WINDOW_ROLES = {"frame", "dialog", "window", "alert", "file chooser"}


def is_interactive(obj, path=()):
    """A control a person acts on. path: obj's ancestors, obj last."""
    role = role_name(obj)
    if role in INTERACTIVE_ROLES:
        return True
    if role in FOCUSABLE_ROLES:
        if not has_state(obj, Atspi.StateType.FOCUSABLE):
            return False
        # A combo row shows its current item in a list item that GTK 4.8
        # calls focusable, yet its row keeps the focus (can-focus is off
        # above it, which AT-SPI does not tell); the choices themselves are
        # in a popover, a "menu" or "window" below the combo box.
        combo = [i for i, o in enumerate(path) if role_name(o) == "combo box"]
        if combo and not any(role_name(o) in ("menu", "window", "popup menu")
                             for o in path[combo[-1]:]):
            return False
        return True
    return False


def name_problem(obj):
    """Why obj's name tells nothing, or None."""
    name = name_of(obj).strip()
    if not name:
        return "no name"
    if GENERIC.match(name):
        return "a type's name"
    if name.lower() in ROLE_WORDS:
        return "a role's name"
    return None


def activate_named(obj, action):
    """Does one of obj's actions by its name: a window's "window.close"."""
    names = actions(obj)
    if action not in names:
        raise AssertionError("%s has no action %s (%s)" % (describe(obj), action, names))
    if not Atspi.Action.do_action(obj, names.index(action)):
        raise AssertionError("%s refused its action %s" % (describe(obj), action))


# Rows of lists: each is read out, so each needs a name, focusable or not.
ROW_ROLES = {"list item", "table row", "table cell", "row", "tree item"}


class Driver:
    """What a test driving the app shares: names in its language (from the
    build's catalogue), clicks by role and name, dialogs, and the check that
    every control on show, and every row, has a name that says what it is."""

    def __init__(self, build_root, language):
        import gettext

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
        sys.stdout.flush()

    def settled(self, window, timeout=60.0):
        """The interactive objects on show, once two walks in a row find the
        same ones: what an action changed has had its layout by then."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            controls = [(obj, path) for obj, path in walk(window) if is_interactive(obj, path)]
            # Role and name only: a whole path costs a call per ancestor.
            seen = [describe(obj) for obj, _ in controls]
            if seen and seen == last:
                return controls
            if time.monotonic() > deadline:
                if seen:
                    return controls
                raise TimeoutError("nothing to act on in %s" % describe(window))
            last = seen

    def _record(self, window, what, obj, path, problem):
        where = describe_path((window,) + path)
        if where in self.seen:
            return
        self.seen.add(where)
        # A toast's close button is libadwaita's own, out of the app's
        # reach (as in tests/ui/test-accessibility.c): noted, not failed.
        if any(name_of(o) == "AdwToastWidget" for o in path):
            self.notes.append("%s: %s (%s, libadwaita's)" % (what, where, problem))
            return
        self.failures.append("%s: %s (%s)" % (what, where, problem))

    def check(self, window, what):
        """Walks window and records each unnamed control, and each row with
        no name, once."""
        # The window's own name is read first: its title.
        problem = name_problem(window)
        if problem is not None and describe(window) not in self.seen:
            self.seen.add(describe(window))
            self.failures.append("%s: %s (%s, the window)" % (what, describe(window), problem))
        controls = self.settled(window)
        for obj, path in controls:
            problem = name_problem(obj)
            # A control gone since the walk (a list's row replaced by a
            # reload) has no name to read, nor a role: no one meets it now.
            if problem is not None and role_name(obj) != "?":
                self._record(window, what, obj, path, problem)
        rows = 0
        for obj, path in walk(window):
            if role_name(obj) in ROW_ROLES and not is_interactive(obj, path):
                rows += 1
                if not name_of(obj).strip() and role_name(obj) != "?":
                    self._record(window, what, obj, path, "a row with no name")
        self.checked += len(controls) + rows
        print("# %s: %d controls, %d other rows" % (what, len(controls), rows))

    # Driving.
    def find_named(self, root, role, text, context=None, timeout=30.0):
        """The one showing object of that role whose name shows that text."""
        return find(root, role, self.named(text, context), timeout)

    def click(self, root, role, text, context=None, timeout=30.0):
        # A menu button is a button holding its toggle button: the one acting.
        test = self.named(text, context)
        obj = wait_for(lambda: next((o for o in find_all(root, role, test) if actions(o)),
                                    None), timeout, "%s “%s”" % (role, test.__name__))
        activate(obj)
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
        activate_named(window, "window.close")
        app.wait_window_gone(window)

    def dialog(self, app, window, what, open_it, then=None):
        """Opens a dialog, walks it (and what then does in it), closes it."""
        dialog = self.open_dialog(app, app.windows(), open_it)
        self.check(dialog, what)
        if then is not None:
            then(dialog)
        self.close(app, dialog)

    def select(self, item):
        select(item)
        wait_for(lambda: has_state(item, Atspi.StateType.SELECTED), 30,
                 "%s to be selected" % describe(item))

    def items(self, window, list_name):
        """The rows of the list of that name."""
        lists = find_all(window, "list", self.named(list_name))
        # A grid of one column read out as a list has table cells for items.
        return [item for item in children(lists[0])
                if role_name(item) in ("list item", "table cell")] if lists else []

    def requests(self, window):
        return self.items(window, "Requests")

    def report(self, test, what):
        """Prints the TAP result; returns the exit status."""
        for note in self.notes:
            print("# known, not the app's: %s" % note)
        if self.failures:
            print("not ok %d - %s: %d without a name" % (test, what, len(self.failures)))
            for failure in self.failures:
                print("#   %s" % failure)
            return 1
        print("ok %d - %s: %d controls and rows checked, all named" % (test, what, self.checked))
        return 0


def set_language(language):
    """The app's and the test's language: the catalogue, C.UTF-8 locale."""
    os.environ.update({"LANGUAGE": language, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})


def description_of(obj):
    try:
        return obj.get_description() or ""
    except Exception:
        return ""


def dump(root, out=sys.stdout):
    """Prints what root shows, indented: for writing a test, not in one."""
    for obj, path in walk(root):
        extra = description_of(obj)
        print("#%s %s%s" % ("  " * len(path), describe(obj), " [%s]" % extra if extra else ""),
              file=out)


def focus_topmost_window(pid):
    """Gives the X keyboard focus to the topmost window of process pid, for
    keys to reach it (press_keys). GTK 4.8 asks for the focus when it shows
    a window, but with no window manager the server ignores a request stamped
    older than the last focus change: a dialog shown after the main window
    never gets it. Returns False when it cannot (no X display, no libX11)."""
    import ctypes

    class Attributes(ctypes.Structure):  # XWindowAttributes
        _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                    ("height", ctypes.c_int), ("border_width", ctypes.c_int),
                    ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                    ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                    ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                    ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                    ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                    ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                    ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                    ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                    ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]

    try:
        x = ctypes.CDLL("libX11.so.6")
    except OSError:
        return False
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                             ctypes.POINTER(ctypes.c_ulong),
                             ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                             ctypes.POINTER(ctypes.c_uint)]
    x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                       ctypes.POINTER(Attributes)]
    x.XGetWindowProperty.argtypes = [
        ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
        ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
        ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
    x.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
    x.XFree.argtypes = [ctypes.c_void_p]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]

    display = x.XOpenDisplay(None)
    if not display:
        return False
    try:
        pid_atom = x.XInternAtom(display, b"_NET_WM_PID", 0)
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        kids, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not x.XQueryTree(display, x.XDefaultRootWindow(display), ctypes.byref(root),
                            ctypes.byref(parent), ctypes.byref(kids), ctypes.byref(count)):
            return False
        windows = [kids[i] for i in range(count.value)]  # bottom to top
        if kids:
            x.XFree(kids)
        for window in reversed(windows):
            attributes = Attributes()
            if not x.XGetWindowAttributes(display, window, ctypes.byref(attributes)):
                continue
            if attributes.map_state != 2 or attributes.override_redirect:  # IsViewable
                continue
            kind, size = ctypes.c_ulong(), ctypes.c_int()
            items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
            if x.XGetWindowProperty(display, window, pid_atom, 0, 1, 0, 6, ctypes.byref(kind),
                                    ctypes.byref(size), ctypes.byref(items),
                                    ctypes.byref(after), ctypes.byref(data)) != 0:
                continue
            owner = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0] \
                if data.value and items.value else None
            if data.value:
                x.XFree(data)
            if owner == pid:
                x.XSetInputFocus(display, window, 2, 0)  # RevertToParent, CurrentTime
                x.XFlush(display)
                return True
        return False
    finally:
        x.XCloseDisplay(display)


def main(driver_class, what):
    """The command line of a test script: BUILD-ROOT en|fr, one TAP test
    named "WHAT (LANGUAGE)" that runs driver_class(BUILD-ROOT, LANGUAGE)."""
    if len(sys.argv) != 3 or sys.argv[2] not in ("en", "fr"):
        print("usage: %s BUILD-ROOT en|fr" % sys.argv[0], file=sys.stderr)
        return 2
    build_root, language = sys.argv[1], sys.argv[2]
    set_language(language)
    driver = driver_class(build_root, language)
    print("1..1")
    try:
        driver.run()
    except Exception as error:  # a step that could not be done
        print("not ok 1 - %s (%s) # %s: %s" % (what, language, type(error).__name__, error))
        for failure in driver.failures:
            print("#   %s" % failure)
        return 1
    return driver.report(1, "%s (%s)" % (what, language))
