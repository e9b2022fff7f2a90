/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "cn-application.h"
#include "cn-memory.h"
#include "cn-store.h"
#include "cn-window.h"

struct _CnApplication
{
  AdwApplication parent_instance;

  char *db_path;
  CnStore *store;
  GError *store_error;
};

G_DEFINE_FINAL_TYPE (CnApplication, cn_application, ADW_TYPE_APPLICATION)

static void
cn_application_open_store (CnApplication *self)
{
  g_autofree char *path = NULL;

  if (self->store != NULL || self->store_error != NULL)
    return;

  path = self->db_path ? g_strdup (self->db_path) : cn_store_default_path ();
  /* The integrity check runs in the background once the window shows. */
  self->store = cn_store_open_with_flags (path, CN_STORE_OPEN_CHECK_LATER, &self->store_error);
}

static void
about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "Connecteur contributors", NULL };
  GtkWidget *about;

  about = adw_about_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("Connecteur"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), _("Connecteur contributors"));
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Check, endorse and forward the introduction requests you "
                                   "receive, or kindly ask for their objective."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (ADW_ABOUT_WINDOW (about),
                                "https://github.com/connecteur/connecteur");
  adw_about_window_set_issue_url (ADW_ABOUT_WINDOW (about),
                                  "https://github.com/connecteur/connecteur/issues");
  /* Translators: your name(s), one per line, as you would like to be credited */
  adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), _("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window saves its state through its bindings. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static int
cn_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  CnApplication *self = CN_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("%s %s\n", _("Connecteur"), VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      g_autoptr (GFile) file = g_file_new_for_commandline_arg (db);

      self->db_path = g_file_get_path (file);
    }

  return G_APPLICATION_CLASS (cn_application_parent_class)->handle_local_options (app, options);
}

static void
cn_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *new_request_accels[] = { "<Control>n", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (cn_application_parent_class)->startup (app);

  gtk_source_init ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "window.close", close_accels);
  /* App-level so that the menu shows it next to "New Request…". */
  gtk_application_set_accels_for_action (gtk_app, "win.new-request", new_request_accels);
  gtk_application_set_accels_for_action (gtk_app, "win.preferences", preferences_accels);
}

static void
cn_application_activate (GApplication *app)
{
  CnApplication *self = CN_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      cn_application_open_store (self);
      window = GTK_WINDOW (cn_window_new (GTK_APPLICATION (app), self->store, self->store_error));
    }

  gtk_window_present (window);
}

static void
cn_application_finalize (GObject *object)
{
  CnApplication *self = CN_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_free (self->db_path);

  G_OBJECT_CLASS (cn_application_parent_class)->finalize (object);
}

static void
cn_application_class_init (CnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cn_application_finalize;
  app_class->handle_local_options = cn_application_handle_local_options;
  app_class->startup = cn_application_startup;
  app_class->activate = cn_application_activate;
}

/* clang-format off */
static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the database at PATH instead of the default one"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL },
};
/* clang-format on */

static void
cn_application_init (CnApplication *self)
{
  const char *summary = _("Review, endorse and forward the introduction requests you receive.");

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self), summary);
}

CnApplication *
cn_application_new (void)
{
  cn_memory_limit_arenas ();
  /* Each instance owns one database, so a second launch with another --db
   * must not hand its window to the first: no single-instance D-Bus name. */
  return g_object_new (CN_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_NON_UNIQUE, "resource-base-path", RESOURCE_BASE, NULL);
}
