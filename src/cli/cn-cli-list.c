/* SPDX-License-Identifier: GPL-3.0-or-later */

/* list: the stored requests, newest first, as columns or JSON Lines. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "cn-cli-private.h"

static void
append_tsv_line (GString *out, CnRequest *request)
{
  g_autoptr(GDateTime)
                 received = g_date_time_new_from_unix_local (cn_request_get_received_at (request));
  g_autofree char *date = received != NULL ? g_date_time_format (received, "%Y-%m-%d") : NULL;

  g_string_append_printf (out, "%" G_GINT64_FORMAT "\t%s\t%s\t", cn_request_get_id (request),
                          date != NULL ? date : "",
                          cn_request_status_to_string (cn_request_get_status (request)));
  _cn_cli_append_tsv_field (out, cn_request_get_requester_name (request));
  g_string_append_c (out, '\t');
  _cn_cli_append_tsv_field (out, cn_request_get_target_name (request));
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
  _cn_cli_append_json_string (out, iso);
  g_string_append (out, ",\"status\":");
  _cn_cli_append_json_string (out, cn_request_status_to_string (cn_request_get_status (request)));
  g_string_append (out, ",\"requester\":");
  _cn_cli_append_json_string (out, cn_request_get_requester_name (request));
  g_string_append (out, ",\"target\":");
  _cn_cli_append_json_string (out, cn_request_get_target_name (request));
  g_string_append (out, ",\"note_to_connector\":");
  _cn_cli_append_json_string (out, cn_request_get_note_to_connector (request));
  g_string_append (out, ",\"note_to_target\":");
  _cn_cli_append_json_string (out, cn_request_get_note_to_target (request));
  g_string_append (out, "}\n");
}

int
_cn_cli_command_list (CnStore *store, CnCliOptions *options, char **args)
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
          if (!_cn_cli_write_stdout (out))
            break;
          g_string_truncate (out, 0);
        }
    }

  if (!_cn_cli_write_stdout (out) || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the list to the standard output.\n"), g_get_prgname ());
      return EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
