/* SPDX-License-Identifier: GPL-3.0-or-later */

/* connecteur-cli: the options, the commands' table and main(); each command
 * is in its own file (cn-cli-COMMAND.c). */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"

static void
cli_options_clear (CnCliOptions *options)
{
  g_clear_pointer (&options->db_path, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CnCliOptions, cli_options_clear)

static void
setup_i18n (void)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

typedef struct
{
  const char *name;
  /* Arguments after the command's name. */
  guint max_args;
  gboolean uses_store;
  /* args: NULL-terminated, the command's arguments. */
  int (*run) (CnStore *store, CnCliOptions *options, char **args);
} Command;

static const Command commands[] = {
  { "list", 0, TRUE, _cn_cli_command_list },
  { "demo", 0, TRUE, _cn_cli_command_demo },
  { "analyze", 1, FALSE, _cn_cli_command_analyze },
  { "triage", 1, FALSE, _cn_cli_command_triage },
  { "fit", 1, TRUE, _cn_cli_command_fit },
  { "import", G_MAXINT, FALSE, _cn_cli_command_import },
  { "corrections", 0, TRUE, _cn_cli_command_corrections },
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
create_option_context (CnCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      N_("Use the database at PATH instead of the default one"), N_("PATH") },
      { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
        N_("list, fit: print JSON Lines instead of tab-separated columns; import: print the "
           "report as JSON"),
            NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
          N_("Print the version and exit"), NULL },
          { NULL } };
  GOptionContext *context = g_option_context_new (_("COMMAND"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context,
      _("Reviews introduction requests without a window.\n"
      "\n"
      "Commands:\n"
      "  list             Show the requests, newest first (id, date, status, requester, "
      "contact)\n"
      "  demo             Add the example contacts and requests\n"
      "  analyze [FILE]   Analyse requests given as JSON Lines (one object per line, with\n"
      "                   \"note_to_target\" or \"text\") or a plain-text note, from FILE or\n"
      "                   the standard input (\"-\"); prints one JSON analysis per line\n"
      "  triage [FILE]    Analyse requests given as JSON Lines (\"requester\", \"target\",\n"
      "                   \"received_at\", \"note_to_connector\", \"note_to_target\") and\n"
      "                   find the mass-sent and repeated ones; prints each analysis with\n"
      "                   \"mass_sent\", \"campaign\", \"campaign_size\", \"repeated\" and\n"
      "                   \"repeat_count\"\n"
      "  fit [ID]         Tell the kind of each stored request and how well it suits its\n"
      "                   contact (id, kind, level, whether the contact accepts the kind,\n"
      "                   the words that meet)\n"
      "  import FORMAT PATH…\n"
      "                   Bring contacts and requests in from files; FORMAT is linkedin\n"
      "                   (an export's folder, .zip or CSV files), vcard, csv (Google or\n"
      "                   Outlook contacts), mail (.eml, mbox) or auto (found from each\n"
      "                   file's content). All or nothing; importing again adds only what\n"
      "                   is new. Prints what was added; rejected rows go to the standard\n"
      "                   error as FILE:LINE: reason. Exit status 0 when imported, even\n"
      "                   with rows rejected; 1 when nothing was written (an error, or\n"
      "                   every row rejected)\n"
      "  corrections      Print every request whose analysis you corrected as JSON Lines\n"
      "                   in the evaluation corpus's format (id, lang, source, kind,\n"
      "                   text, labels, verdict, reason, provenance, has_placeholders,\n"
      "                   notes), to append to the corpus"));
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
  g_auto (CnCliOptions) options = { NULL, FALSE, FALSE };
  const Command *command;

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

  if (g_strv_length (args) > 2 + command->max_args)
    {
      g_printerr (_("%s: unexpected argument “%s”. Try “%s --help”.\n"), g_get_prgname (),
                     args[2 + command->max_args], g_get_prgname ());
      return EXIT_USAGE;
    }

  if (!command->uses_store)
    {
      return command->run (NULL, &options, args + 2);
    }

  path = options.db_path != NULL ? g_strdup (options.db_path) : cn_store_default_path ();
  store = cn_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  return command->run (store, &options, args + 2);
}
