/* SPDX-License-Identifier: GPL-3.0-or-later */

/* fit: the kind of each stored request and how well it suits its contact. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"
#include "cn-fit.h"

static const char *
fit_field_to_string (CnFitField field)
{
  switch (field)
    {
    case CN_FIT_FIELD_POSITION:
      return "position";
    case CN_FIT_FIELD_COMPANY:
      return "company";
    case CN_FIT_FIELD_EXPERTISE:
    default:
      return "expertise";
    }
}

static void
append_fit_json (GString *out, gint64 id, const CnFit *fit)
{
  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT ",\"kind\":", id);
  _cn_cli_append_json_string (out, cn_request_kind_to_string (cn_fit_get_kind (fit)));
  g_string_append (out, ",\"level\":");
  _cn_cli_append_json_string (out, cn_fit_level_to_string (cn_fit_get_level (fit)));
  g_string_append_printf (out, ",\"kind_accepted\":%s,\"kinds_stated\":%s,\"matches\":[",
                          cn_fit_get_kind_accepted (fit) ? "true" : "false",
                          cn_fit_get_kinds_stated (fit) ? "true" : "false");
  for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);

      g_string_append_printf (out, "%s{\"note\":\"%s\",\"start\":%u,\"end\":%u,\"term\":",
                              i > 0 ? "," : "",
                              m->note == CN_NOTE_TO_TARGET ? "to_target" : "to_connector",
                              m->span.start, m->span.end);
      _cn_cli_append_json_string (out, m->request_term);
      g_string_append_printf (out,
                              ",\"field\":\"%s\",\"field_index\":%u,\"card_start\":%u,"
                              "\"card_end\":%u,\"contact_term\":",
                              fit_field_to_string (m->field), m->field_index, m->card_span.start,
                              m->card_span.end);
      _cn_cli_append_json_string (out, m->contact_term);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");
}

/* id, kind, level, "accepted" or "not_accepted", then the words that meet
 * ("note word=card word", comma-separated). */
static void
append_fit_tsv (GString *out, gint64 id, const CnFit *fit)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t", id,
                          cn_request_kind_to_string (cn_fit_get_kind (fit)),
                          cn_fit_level_to_string (cn_fit_get_level (fit)),
                          cn_fit_get_kind_accepted (fit) ? "accepted" : "not_accepted");
  for (guint i = 0; i < cn_fit_get_n_matches (fit); i++)
    {
      const CnFitMatch *m = cn_fit_get_match (fit, i);

      if (i > 0)
        g_string_append (out, ", ");
      _cn_cli_append_tsv_field (out, m->request_term);
      g_string_append_c (out, '=');
      _cn_cli_append_tsv_field (out, m->contact_term);
    }
  g_string_append_c (out, '\n');
}

int
_cn_cli_command_fit (CnStore *store, CnCliOptions *options, char **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (args[0] != NULL)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (args[0], &end, 10);

      if (end == args[0] || *end != '\0' || id <= 0)
        {
          g_printerr (_("%s: “%s” is not a request id. Try “%s --help”.\n"), g_get_prgname (),
                         args[0], g_get_prgname ());
          return EXIT_USAGE;
        }
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_array_append_val (ids, id);
    }
  else
    {
      ids = cn_store_list_request_ids (store, &error);
      if (ids == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnRequest) request = NULL;
      g_autoptr(CnContact) contact = NULL;
      g_autoptr(CnFit) fit = NULL;

      request = cn_store_get_request (store, g_array_index (ids, gint64, i), &error);
      if (request == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
      if (cn_request_get_target_id (request) > 0)
        {
          contact = cn_store_get_contact (store, cn_request_get_target_id (request), &error);
          if (contact == NULL)
            {
              g_printerr ("%s: %s\n", g_get_prgname (), error->message);
              return EXIT_FAILURE;
            }
        }

      fit = cn_fit_compute (cn_request_get_note_to_target (request),
                            cn_request_get_note_to_connector (request), NULL, contact);
      if (options->json)
        append_fit_json (out, cn_request_get_id (request), fit);
      else
        append_fit_tsv (out, cn_request_get_id (request), fit);
    }

  if (!_cn_cli_write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
