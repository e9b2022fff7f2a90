/* SPDX-License-Identifier: GPL-3.0-or-later */

/* import: contacts and requests brought in from other programs' files, and
 * the report of what was added. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"
#include "cn-import.h"

static void
on_import_progress (double fraction, gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100.0);

  if (percent == *last)
    return;
  *last = percent;
  /* TRANSLATORS: progress of an import on the terminal; %d is a percentage. */
  g_printerr ("\r");
  g_printerr (_("Importing… %d %%"), percent);
}

static void
append_report_json (GString *out, CnImportReport *report)
{
  g_string_append_printf (out,
                          "{\"contacts_added\":%u,\"contacts_updated\":%u,"
                          "\"contacts_unchanged\":%u,\"requests_added\":%u,"
                          "\"requests_skipped\":%u,\"rejections\":[",
                          report->contacts_added, report->contacts_updated,
                          report->contacts_unchanged, report->requests_added,
                          report->requests_skipped);
  for (guint i = 0; i < report->rejections->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      g_string_append (out, i > 0 ? ",{\"file\":" : "{\"file\":");
      _cn_cli_append_json_string (out, rejection->file);
      g_string_append_printf (out, ",\"line\":%u,\"reason\":", rejection->line);
      _cn_cli_append_json_string (out, rejection->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"duplicates\":[");
  for (guint i = 0; i < report->duplicates->len; i++)
    {
      CnImportDuplicate *duplicate = g_ptr_array_index (report->duplicates, i);

      g_string_append_printf (out,
                              "%s{\"existing\":%" G_GINT64_FORMAT ",\"imported\":%" G_GINT64_FORMAT
                              ",\"reason\":",
                              i > 0 ? "," : "", duplicate->existing_id, duplicate->imported_id);
      _cn_cli_append_json_string (out, duplicate->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

static void
append_report_text (GString *out, CnImportReport *report)
{
  /* TRANSLATORS: the three counts are of contacts; "unchanged" were already there. */
  g_string_append_printf (out, _("Contacts: %u added, %u updated, %u unchanged\n"),
                                  report->contacts_added, report->contacts_updated,
                                  report->contacts_unchanged);
  g_string_append_printf (out, _("Requests: %u added, %u already there\n"), report->requests_added,
                                  report->requests_skipped);
  if (report->rejections->len > 0)
    g_string_append_printf (out,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Rejected: %u entry (listed on the standard error)\n",
                                         "Rejected: %u entries (listed on the standard error)\n",
                                         report->rejections->len),
                            report->rejections->len);
  if (report->duplicates->len > 0)
    g_string_append (out, _("Possible duplicates, to merge or keep in the window:\n"));
  for (guint i = 0; i < report->duplicates->len; i++)
    {
      CnImportDuplicate *duplicate = g_ptr_array_index (report->duplicates, i);

      g_string_append_printf (out, "  #%" G_GINT64_FORMAT " #%" G_GINT64_FORMAT "  %s\n",
                              duplicate->existing_id, duplicate->imported_id, duplicate->reason);
    }
}

static void
print_rejections (CnImportReport *report)
{
  for (guint i = 0; i < report->rejections->len; i++)
    {
      CnImportRejection *rejection = g_ptr_array_index (report->rejections, i);

      if (rejection->line > 0)
        g_printerr ("%s:%u: %s\n", rejection->file, rejection->line, rejection->reason);
      else
        g_printerr ("%s: %s\n", rejection->file, rejection->reason);
    }
}

int
_cn_cli_command_import (CnStore *unused, CnCliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = NULL;
  CnImportFormat format;
  gboolean tty = isatty (STDERR_FILENO);
  int last_percent = -1;

  if (args[0] == NULL || !cn_import_format_from_string (args[0], &format))
    {
      if (args[0] == NULL)
        g_printerr (_("%s: import needs a format (linkedin, vcard, csv, mail or auto) and files. "
                      "Try “%s --help”.\n"),
                       g_get_prgname (), g_get_prgname ());
      else
        g_printerr (_("%s: unknown import format “%s”: use linkedin, vcard, csv, mail or auto. "
                      "Try “%s --help”.\n"),
                       g_get_prgname (), args[0], g_get_prgname ());
      return EXIT_USAGE;
    }
  if (args[1] == NULL)
    {
      g_printerr (_("%s: import needs at least one file. Try “%s --help”.\n"), g_get_prgname (),
                     g_get_prgname ());
      return EXIT_USAGE;
    }

  path = options->db_path != NULL ? g_strdup (options->db_path) : cn_store_default_path ();
  store = cn_store_open (path, &error);
  if (store != NULL)
    report = cn_import_run (store, format, (const char *const *) args + 1, NULL,
                            tty ? on_import_progress : NULL, &last_percent, &error);
  if (tty && last_percent >= 0)
    g_printerr ("\n");
  if (report == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  print_rejections (report);
  if (options->json)
    append_report_json (out, report);
  else
    append_report_text (out, report);
  if (!_cn_cli_write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  if (report->rejections->len > 0 && report->contacts_added + report->contacts_updated +
                                             report->contacts_unchanged + report->requests_added +
                                             report->requests_skipped ==
                                         0)
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}
