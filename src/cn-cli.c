/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cn-demo.h"
#include "cn-store.h"

#define EXIT_USAGE 2

typedef struct
{
  char *db_path;
  gboolean json;
  gboolean version;
} CliOptions;

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* Output */

/* JSON needs valid Unicode: bytes that are not UTF-8 become U+FFFD. */
static void
append_json_string (GString *out, const char *str)
{
  const char *p;
  const char *end;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  end = str + strlen (str);
  for (p = str; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, "\\ufffd");
          p++;
          continue;
        }

      next = g_utf8_next_char (p);
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          /* Line and paragraph separators break JavaScript parsers. */
          if (c < 0x20 || c == 0x2028 || c == 0x2029)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, next - p);
        }
      p = next;
    }
  g_string_append_c (out, '"');
}

/* One request per line: tabs and line breaks inside a field become spaces. */
static void
append_tsv_field (GString *out, const char *str)
{
  for (const char *p = str != NULL ? str : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

static void
append_tsv_line (GString *out, CnRequest *request)
{
  g_autoptr(GDateTime)
                 received = g_date_time_new_from_unix_local (cn_request_get_received_at (request));
  g_autofree char *date = received != NULL ? g_date_time_format (received, "%Y-%m-%d") : NULL;

  g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t", cn_request_get_id (request),
                          date != NULL ? date : "",
                          cn_request_status_to_string (cn_request_get_status (request)));
  append_tsv_field (out, cn_request_get_requester_name (request));
  g_string_append_c (out, '\t');
  append_tsv_field (out, cn_request_get_target_name (request));
  g_string_append_c (out, '\n');
}

static void
append_json_line (GString *out, CnRequest *request)
{
  g_autoptr(GDateTime)
                 received = g_date_time_new_from_unix_utc (cn_request_get_received_at (request));
  g_autofree char *iso = received != NULL ? g_date_time_format_iso8601 (received) : NULL;

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"received_at\":",
                          cn_request_get_id (request));
  append_json_string (out, iso);
  g_string_append (out, ",\"status\":");
  append_json_string (out, cn_request_status_to_string (cn_request_get_status (request)));
  g_string_append (out, ",\"requester\":");
  append_json_string (out, cn_request_get_requester_name (request));
  g_string_append (out, ",\"target\":");
  append_json_string (out, cn_request_get_target_name (request));
  g_string_append (out, ",\"note_to_connector\":");
  append_json_string (out, cn_request_get_note_to_connector (request));
  g_string_append (out, ",\"note_to_target\":");
  append_json_string (out, cn_request_get_note_to_target (request));
  g_string_append (out, "}\n");
}

/* Data goes to stdout as raw UTF-8 bytes: g_print() would convert it to the
 * locale's charset and mangle names under LANG=C. */
static gboolean
write_stdout (GString *out)
{
  return fwrite (out->str, 1, out->len, stdout) == out->len;
}

/* Commands */

static int
command_list (CnStore *store, CliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  ids = cn_store_list_request_ids (store, &error);
  if (ids == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) request = NULL;

      request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      if (request == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }

      if (options->json)
        append_json_line (out, request);
      else
        append_tsv_line (out, request);

      if (out->len > 64 * 1024)
        {
          if (!write_stdout (out))
            break;
          g_string_truncate (out, 0);
        }
    }

  if (!write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

static int
command_demo (CnStore *store, CliOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_filename_display_name (cn_store_get_path (store));
  int n;

  n = cn_demo_load (store, &error);
  if (n < 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Added %d example request to “%s”.\n", "Added %d example requests to “%s”.\n",
                     n),
           n, display_name);
  return EXIT_SUCCESS;
}

typedef struct
{
  const char *name;
  int (*run) (CnStore *store, CliOptions *options);
} Command;

static const Command commands[] = {
  { "list", command_list },
  { "demo", command_demo },
};

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (commands[i].name, name) == 0)
        return &commands[i];
    }

  return NULL;
}

static GOptionContext *
create_option_context (CliOptions *options)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      N_("Use the database at PATH instead of the default one"), N_("PATH") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
        N_("list: print JSON Lines instead of tab-separated columns"), NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
          N_("Print the version and exit"), NULL },
          { NULL } };
  GOptionContext *context = g_option_context_new (_("COMMAND"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Reviews introduction requests without a window.\n"
      "\n"
      "Commands:\n"
      "  list    Show the requests, newest first (id, date, status, requester, contact)\n"
      "  demo    Add the example contacts and requests"));
  g_option_context_set_description (context, _("The database is $CONNECTEUR_DB when set, otherwise connecteur/connecteur.db "
      "in your data folder."));

  return context;
}

int
main (int argc, char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *path = NULL;
  CliOptions options = { NULL, FALSE, FALSE };
  const Command *command;
  int status;

  setup_i18n ();
  g_set_prgname ("connecteur-cli");

  context = create_option_context (&options);
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr (_("%s: %s\nTry “%s --help”.\n"), g_get_prgname (), error->message,
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  if (options.version)
    {
      g_print ("connecteur-cli %s\n", VERSION);
      return EXIT_SUCCESS;
    }

  if (g_strv_length (args) < 2)
    {
      g_printerr (_("%s: no command given. Try “%s --help”.\n"), g_get_prgname (),
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  command = find_command (args[1]);
  if (command == NULL)
    {
      g_printerr (_("%s: unknown command “%s”. Try “%s --help”.\n"), g_get_prgname (), args[1],
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  if (g_strv_length (args) > 2)
    {
      g_printerr (_("%s: unexpected argument “%s”. Try “%s --help”.\n"), g_get_prgname (), args[2],
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  path = options.db_path != NULL ? g_strdup (options.db_path) : cn_store_default_path ();
  store = cn_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_free (options.db_path);
      return EXIT_FAILURE;
    }

  status = command->run (store, &options);
  g_free (options.db_path);
  return status;
}
