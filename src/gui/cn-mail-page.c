/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "cn-mail-account.h"
#include "cn-mail-page.h"
#include "cn-mail.h"
#include "cn-secret.h"
#include "cn-ui-utils.h"

/* Saving waits for a pause in the typing. */
#define SAVE_DELAY_MS 500

struct _CnMailPage
{
  AdwPreferencesPage parent_instance;

  CnStore *store;
  /* As last saved; keeps what the page does not show (ca_file). */
  CnMailAccount *account;
  guint save_source;
  gboolean loading;
  /* The securities last accepted, to undo a refused "None". */
  CnMailSecurity imap_security;
  CnMailSecurity smtp_security;
  /* A password typed and not yet given to the keyring. */
  gboolean imap_password_dirty;
  gboolean smtp_password_dirty;
  GCancellable *cancellable; /* keyring calls, until dispose */
  GCancellable *test_cancellable;

  GtkLabel *keyring_label;
  AdwEntryRow *imap_host_row;
  AdwActionRow *imap_port_row;
  GtkSpinButton *imap_port_spin;
  AdwComboRow *imap_security_row;
  AdwEntryRow *imap_user_row;
  AdwEntryRow *imap_password_row;
  AdwEntryRow *imap_folder_row;
  AdwEntryRow *smtp_host_row;
  AdwActionRow *smtp_port_row;
  GtkSpinButton *smtp_port_spin;
  AdwComboRow *smtp_security_row;
  AdwEntryRow *smtp_user_row;
  GtkSwitch *smtp_same_password_switch;
  AdwEntryRow *smtp_password_row;
  AdwEntryRow *from_name_row;
  AdwEntryRow *from_address_row;
  GtkSwitch *cc_switch;
  GtkSpinButton *interval_spin;
  GtkSwitch *insecure_switch;
  GtkSpinner *test_spinner;
  GtkButton *cancel_button;
  GtkButton *test_button;
  GtkLabel *imap_result_label;
  GtkLabel *smtp_result_label;
};

G_DEFINE_FINAL_TYPE (CnMailPage, cn_mail_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (CnMailPage *self, const char *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), cn_toast_new_literal (text));
}

/* The keyring's news at the top of the page; NULL hides it. */
static void
show_keyring_message (CnMailPage *self, const char *text)
{
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_label), text != NULL);
  if (text != NULL)
    cn_label_set_literal (self->keyring_label, text);
}

/* The text of an entry, trimmed; NULL when empty. */
static char *
dup_entry_text (gpointer editable)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* A password as typed (spaces count); NULL when empty. */
static char *
dup_password (gpointer editable)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editable));

  return *text != '\0' ? g_strdup (text) : NULL;
}

static void
set_entry_text (gpointer editable, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

static CnMailAccount *
read_account (CnMailPage *self)
{
  CnMailAccount *account = cn_mail_account_new ();

  account->imap_host = dup_entry_text (self->imap_host_row);
  account->imap_port = (guint) gtk_spin_button_get_value_as_int (self->imap_port_spin);
  account->imap_security = adw_combo_row_get_selected (self->imap_security_row);
  account->imap_user = dup_entry_text (self->imap_user_row);
  account->imap_folder = dup_entry_text (self->imap_folder_row);
  account->smtp_host = dup_entry_text (self->smtp_host_row);
  account->smtp_port = (guint) gtk_spin_button_get_value_as_int (self->smtp_port_spin);
  account->smtp_security = adw_combo_row_get_selected (self->smtp_security_row);
  account->smtp_user = dup_entry_text (self->smtp_user_row);
  account->from_name = dup_entry_text (self->from_name_row);
  account->from_address = dup_entry_text (self->from_address_row);
  account->cc_requester = gtk_switch_get_active (self->cc_switch);
  account->check_interval_minutes = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);
  account->insecure_loopback = gtk_switch_get_active (self->insecure_switch);
  account->ca_file = g_strdup (self->account->ca_file);
  return account;
}

/* Saving */

static void
write_account (CnMailPage *self)
{
  g_autoptr (CnMailAccount) account = read_account (self);
  g_autoptr (GError) error = NULL;
  gboolean same = gtk_switch_get_active (self->smtp_same_password_switch);

  if (!cn_store_save_mail_account (self->store, account, &error) ||
      !cn_store_set_mail_same_password (self->store, same, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The mail settings were not saved: %s"),
                                                  error->message);
      show_toast (self, text);
      return;
    }
  cn_mail_account_free (self->account);
  self->account = g_steal_pointer (&account);
}

static void apply_password (CnMailPage *self, gboolean smtp, gboolean closing);

/* Writes the account now if a change waits. */
static void
save_account_now (CnMailPage *self)
{
  if (self->save_source == 0)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  write_account (self);
}

void
cn_mail_page_save (CnMailPage *self)
{
  g_return_if_fail (CN_IS_MAIL_PAGE (self));

  save_account_now (self);
  /* A password typed but not applied is not lost with the window. */
  apply_password (self, FALSE, TRUE);
  if (!gtk_switch_get_active (self->smtp_same_password_switch))
    apply_password (self, TRUE, TRUE);
}

static gboolean
save_cb (gpointer user_data)
{
  CnMailPage *self = user_data;

  self->save_source = 0;
  write_account (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (CnMailPage *self)
{
  if (self->loading || self->store == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

/* Ports: 0 shows the default as a placeholder */

static gboolean
on_port_output_cb (GtkSpinButton *spin, gpointer user_data)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

static void
show_default_port (GtkSpinButton *spin, AdwActionRow *row, guint port)
{
  g_autofree char *number = g_strdup_printf ("%u", port);
  /* Translators: %u is a port number */
  g_autofree char *text = g_strdup_printf (_("Empty: the default, %u"), port);

  /* The spin button's own text field shows the placeholder. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (spin)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TEXT (child))
      gtk_text_set_placeholder_text (GTK_TEXT (child), number);
  adw_action_row_set_subtitle (row, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
update_default_ports (CnMailPage *self)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();

  account->imap_security = adw_combo_row_get_selected (self->imap_security_row);
  account->smtp_security = adw_combo_row_get_selected (self->smtp_security_row);
  show_default_port (self->imap_port_spin, self->imap_port_row,
                     cn_mail_account_get_imap_port (account));
  show_default_port (self->smtp_port_spin, self->smtp_port_row,
                     cn_mail_account_get_smtp_port (account));
}

/* Security: "None" only with the insecure option */

static void
on_security_selected_cb (CnMailPage *self, GParamSpec *pspec, AdwComboRow *row)
{
  gboolean smtp = row == self->smtp_security_row;
  CnMailSecurity *last = smtp ? &self->smtp_security : &self->imap_security;
  CnMailSecurity security = adw_combo_row_get_selected (row);

  if (security == CN_MAIL_SECURITY_NONE && !gtk_switch_get_active (self->insecure_switch))
    {
      adw_combo_row_set_selected (row, *last);
      show_toast (self, _("Unencrypted connections need the option “Allow Unencrypted "
                          "Connections to This Computer” below"));
      return;
    }
  *last = security;
  update_default_ports (self);
  schedule_save (self);
}

static void
on_insecure_changed_cb (CnMailPage *self, GParamSpec *pspec, GtkSwitch *sw)
{
  /* Back to encryption when the option goes. */
  if (!gtk_switch_get_active (sw))
    {
      if (adw_combo_row_get_selected (self->imap_security_row) == CN_MAIL_SECURITY_NONE)
        adw_combo_row_set_selected (self->imap_security_row, CN_MAIL_SECURITY_TLS);
      if (adw_combo_row_get_selected (self->smtp_security_row) == CN_MAIL_SECURITY_NONE)
        adw_combo_row_set_selected (self->smtp_security_row, CN_MAIL_SECURITY_STARTTLS);
    }
  schedule_save (self);
}

static void
on_changed_cb (CnMailPage *self)
{
  schedule_save (self);
}

static void
on_same_password_changed_cb (CnMailPage *self, GParamSpec *pspec, GtkSwitch *sw)
{
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_password_row), !gtk_switch_get_active (sw));
  schedule_save (self);
}

/* Passwords: to the keyring when applied, never elsewhere */

typedef struct
{
  CnMailPage *self;
  char *server;
  char *user;
  char *password;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_object_unref (data->self);
  g_free (data->server);
  g_free (data->user);
  cn_secret_free (data->password);
  g_free (data);
}

static void
on_password_stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  StoreData *data = user_data;
  CnMailPage *self = data->self;
  g_autoptr (GError) error = NULL;
  gboolean stored = cn_secret_store_finish (result, &error);
  gboolean unavailable = g_error_matches (error, CN_SECRET_ERROR, CN_SECRET_ERROR_UNAVAILABLE) ||
                         g_error_matches (error, CN_SECRET_ERROR, CN_SECRET_ERROR_TIMEOUT);

  if (unavailable)
    cn_secret_set_session_password (data->server, data->user, data->password);

  /* The page may be gone (a password applied as the window closed). */
  if (self->store == NULL)
    ;
  else if (stored)
    {
      show_keyring_message (self, NULL);
      show_toast (self, _("Password saved in the keyring"));
    }
  else if (unavailable)
    show_keyring_message (self, _("No keyring is available: the password is kept for this session only"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_keyring_message (self, error->message);

  store_data_free (data);
}

static void
store_password (CnMailPage *self,
                const char *server,
                const char *user,
                const char *password,
                GCancellable *cancellable)
{
  StoreData *data = g_new0 (StoreData, 1);

  data->self = g_object_ref (self);
  data->server = g_strdup (server);
  data->user = g_strdup (user);
  data->password = g_strdup (password);
  cn_secret_store_async (server, user, password, cancellable, on_password_stored_cb, data);
}

/* @closing: the window closes; the keyring still gets the password. */
static void
apply_password (CnMailPage *self, gboolean smtp, gboolean closing)
{
  GCancellable *cancellable = closing ? NULL : self->cancellable;
  AdwEntryRow *row = smtp ? self->smtp_password_row : self->imap_password_row;
  gboolean *dirty = smtp ? &self->smtp_password_dirty : &self->imap_password_dirty;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr (CnMailAccount) account = NULL;
  gboolean configured;

  if (!*dirty || *password == '\0')
    return;
  if (closing)
    *dirty = FALSE;

  account = read_account (self);
  configured = smtp ? cn_mail_account_has_smtp (account) : cn_mail_account_has_imap (account);
  if (!configured)
    {
      show_keyring_message (self, _("Enter the server and the user name first: the password is "
                                    "kept with them."));
      return;
    }

  *dirty = FALSE;
  if (smtp)
    store_password (self, account->smtp_host, account->smtp_user, password, cancellable);
  else
    {
      store_password (self, account->imap_host, account->imap_user, password, cancellable);
      /* Same password: kept under the outgoing server too, where sending
       * looks for it. */
      if (gtk_switch_get_active (self->smtp_same_password_switch) &&
          cn_mail_account_has_smtp (account) &&
          (g_strcmp0 (account->smtp_host, account->imap_host) != 0 ||
           g_strcmp0 (account->smtp_user, account->imap_user) != 0))
        store_password (self, account->smtp_host, account->smtp_user, password, cancellable);
    }
}

static void
on_password_changed_cb (CnMailPage *self, GtkEditable *row)
{
  if (row == GTK_EDITABLE (self->smtp_password_row))
    self->smtp_password_dirty = TRUE;
  else
    self->imap_password_dirty = TRUE;
}

static void
on_password_apply_cb (CnMailPage *self, AdwEntryRow *row)
{
  apply_password (self, row == self->smtp_password_row, FALSE);
}

static void
on_password_focus_leave_cb (GtkEventControllerFocus *controller, CnMailPage *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  apply_password (self, row == GTK_WIDGET (self->smtp_password_row), FALSE);
}

static void
watch_password_row (CnMailPage *self, AdwEntryRow *row)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (row, "changed", G_CALLBACK (on_password_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_password_apply_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_password_apply_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_password_focus_leave_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (row), focus);
}

/* Test Connection */

typedef struct
{
  CnMailAccount *account;
  char *imap_password;
  char *smtp_password;
  gboolean imap_looked_up;
  gboolean smtp_looked_up;
  gboolean same_password;
  gboolean imap_ok;
  gboolean smtp_ok;
  GError *imap_error;
  GError *smtp_error;
} TestData;

static void
test_data_free (TestData *data)
{
  cn_mail_account_free (data->account);
  cn_secret_free (data->imap_password);
  cn_secret_free (data->smtp_password);
  g_clear_error (&data->imap_error);
  g_clear_error (&data->smtp_error);
  g_free (data);
}

/* One protocol, in the worker. */
static gboolean
test_one (TestData *data, gboolean smtp, GCancellable *cancellable, GError **error)
{
  const CnMailAccount *account = data->account;
  gboolean configured = smtp ? cn_mail_account_has_smtp (account)
                             : cn_mail_account_has_imap (account);
  const char *password = smtp ? data->smtp_password : data->imap_password;

  if (configured && password == NULL)
    {
      g_set_error (error, CN_MAIL_ERROR, CN_MAIL_ERROR_AUTH,
                   _("No password for %s: type it in the Password field."),
                      smtp ? account->smtp_host : account->imap_host);
      return FALSE;
    }
  if (smtp)
    return cn_mail_test_smtp (account, password, cancellable, error);
  return cn_mail_test_imap (account, password, cancellable, error);
}

static void
test_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TestData *data = task_data;

  data->imap_ok = test_one (data, FALSE, cancellable, &data->imap_error);
  data->smtp_ok = test_one (data, TRUE, cancellable, &data->smtp_error);
  g_task_return_boolean (task, TRUE);
}

static void
show_result (GtkLabel *label, const char *protocol, const char *host, gboolean ok, GError *error)
{
  static const char *const classes[] = { "success", "error", NULL };
  g_autofree char *connected = NULL;
  g_autofree char *text = NULL;

  /* Translators: %s is a server name */
  connected = g_strdup_printf (_("Connected to %s"), host != NULL ? host : "");
  /* Translators: "Incoming mail: Connected to imap.example.org" */
  text = g_strdup_printf (C_("mail test result", "%s: %s"), protocol,
                              ok ? connected : error->message);
  cn_label_set_literal (label, text);
  cn_widget_set_class_of (GTK_WIDGET (label), classes, ok ? "success" : "error");
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
set_testing (CnMailPage *self, gboolean testing)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), testing);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !testing);
  if (!testing)
    g_clear_object (&self->test_cancellable);
}

static void
on_tested_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  CnMailPage *self = CN_MAIL_PAGE (source);
  TestData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  gboolean cancelled;

  cancelled = !g_task_propagate_boolean (G_TASK (result), &error);
  if (self->store == NULL) /* disposed */
    return;

  set_testing (self, FALSE);
  if (cancelled)
    {
      cn_label_set_literal (self->imap_result_label, _("Test cancelled."));
      cn_widget_set_class_of (GTK_WIDGET (self->imap_result_label), NULL, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->imap_result_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->smtp_result_label), FALSE);
      return;
    }
  show_result (self->imap_result_label, _("Incoming mail"), data->account->imap_host,
                                           data->imap_ok, data->imap_error);
  show_result (self->smtp_result_label, _("Outgoing mail"), data->account->smtp_host,
                                           data->smtp_ok, data->smtp_error);
}

static void test_next_step (GTask *task);

static void
on_test_lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  TestData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  char *password = cn_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Without a keyring, the test says there is no password. */
  if (!data->imap_looked_up)
    {
      data->imap_looked_up = TRUE;
      data->imap_password = password;
    }
  else
    {
      data->smtp_looked_up = TRUE;
      data->smtp_password = password;
    }
  test_next_step (task);
}

/* Looks up the passwords not typed, then tests in a worker. */
static void
test_next_step (GTask *task)
{
  TestData *data = g_task_get_task_data (task);
  const CnMailAccount *account = data->account;

  if (!data->imap_looked_up)
    {
      if (data->imap_password == NULL && cn_mail_account_has_imap (account))
        {
          cn_secret_lookup_async (account->imap_host, account->imap_user,
                                  g_task_get_cancellable (task), on_test_lookup_cb,
                                  g_object_ref (task));
          return;
        }
      data->imap_looked_up = TRUE;
    }
  if (data->same_password && data->smtp_password == NULL)
    data->smtp_password = g_strdup (data->imap_password);
  if (!data->smtp_looked_up)
    {
      if (data->smtp_password == NULL && cn_mail_account_has_smtp (account))
        {
          cn_secret_lookup_async (account->smtp_host, account->smtp_user,
                                  g_task_get_cancellable (task), on_test_lookup_cb,
                                  g_object_ref (task));
          return;
        }
      data->smtp_looked_up = TRUE;
    }
  g_task_run_in_thread (task, test_thread);
}

static void
on_test_clicked_cb (CnMailPage *self, GtkButton *button)
{
  g_autoptr (GTask) task = NULL;
  TestData *data;

  if (self->test_cancellable != NULL)
    return;

  save_account_now (self);
  data = g_new0 (TestData, 1);
  data->account = read_account (self);
  data->same_password = gtk_switch_get_active (self->smtp_same_password_switch);
  /* A password typed here is tested as typed. */
  data->imap_password = dup_password (self->imap_password_row);
  if (!data->same_password)
    data->smtp_password = dup_password (self->smtp_password_row);

  self->test_cancellable = g_cancellable_new ();
  set_testing (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->imap_result_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->smtp_result_label), FALSE);

  task = g_task_new (self, self->test_cancellable, on_tested_cb, NULL);
  g_task_set_source_tag (task, on_test_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) test_data_free);
  test_next_step (task);
}

static void
on_cancel_clicked_cb (CnMailPage *self, GtkButton *button)
{
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
}

/* Loading */

static void
load_account (CnMailPage *self)
{
  g_autoptr (GError) error = NULL;
  CnMailAccount *account = cn_store_load_mail_account (self->store, &error);

  if (account == NULL)
    account = cn_mail_account_new ();
  g_clear_pointer (&self->account, cn_mail_account_free);
  self->account = account;

  self->loading = TRUE;
  set_entry_text (self->imap_host_row, account->imap_host);
  gtk_spin_button_set_value (self->imap_port_spin, account->imap_port);
  /* The option first, so that "None" is allowed. */
  gtk_switch_set_active (self->insecure_switch, account->insecure_loopback);
  self->imap_security = account->imap_security;
  adw_combo_row_set_selected (self->imap_security_row, account->imap_security);
  set_entry_text (self->imap_user_row, account->imap_user);
  set_entry_text (self->imap_folder_row,
                  account->imap_folder != NULL ? account->imap_folder : "INBOX");
  set_entry_text (self->smtp_host_row, account->smtp_host);
  gtk_spin_button_set_value (self->smtp_port_spin, account->smtp_port);
  self->smtp_security = account->smtp_security;
  adw_combo_row_set_selected (self->smtp_security_row, account->smtp_security);
  set_entry_text (self->smtp_user_row, account->smtp_user);
  gtk_switch_set_active (self->smtp_same_password_switch,
                         cn_store_get_mail_same_password (self->store));
  set_entry_text (self->from_name_row, account->from_name);
  set_entry_text (self->from_address_row, account->from_address);
  gtk_switch_set_active (self->cc_switch, account->cc_requester);
  gtk_spin_button_set_value (self->interval_spin, account->check_interval_minutes);
  update_default_ports (self);
  self->loading = FALSE;
}

static void
cn_mail_page_dispose (GObject *object)
{
  CnMailPage *self = CN_MAIL_PAGE (object);

  if (self->store != NULL)
    cn_mail_page_save (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CN_TYPE_MAIL_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_mail_page_parent_class)->dispose (object);
}

static void
cn_mail_page_finalize (GObject *object)
{
  CnMailPage *self = CN_MAIL_PAGE (object);

  g_clear_pointer (&self->account, cn_mail_account_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->test_cancellable);

  G_OBJECT_CLASS (cn_mail_page_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CnMailPage, name)

static void
cn_mail_page_class_init (CnMailPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_mail_page_dispose;
  object_class->finalize = cn_mail_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/cn-mail-page.ui");
  BIND (keyring_label);
  BIND (imap_host_row);
  BIND (imap_port_row);
  BIND (imap_port_spin);
  BIND (imap_security_row);
  BIND (imap_user_row);
  BIND (imap_password_row);
  BIND (imap_folder_row);
  BIND (smtp_host_row);
  BIND (smtp_port_row);
  BIND (smtp_port_spin);
  BIND (smtp_security_row);
  BIND (smtp_user_row);
  BIND (smtp_same_password_switch);
  BIND (smtp_password_row);
  BIND (from_name_row);
  BIND (from_address_row);
  BIND (cc_switch);
  BIND (interval_spin);
  BIND (insecure_switch);
  BIND (test_spinner);
  BIND (cancel_button);
  BIND (test_button);
  BIND (imap_result_label);
  BIND (smtp_result_label);
  gtk_widget_class_bind_template_callback (widget_class, on_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
}

static void
cn_mail_page_init (CnMailPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cn_combo_row_name_choices (self->imap_security_row);
  cn_combo_row_name_choices (self->smtp_security_row);
  cn_entry_rows_name_fields (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->account = cn_mail_account_new ();

  g_signal_connect (self->imap_port_spin, "output", G_CALLBACK (on_port_output_cb), NULL);
  g_signal_connect (self->smtp_port_spin, "output", G_CALLBACK (on_port_output_cb), NULL);
  {
    GtkWidget *changing[] = {
      GTK_WIDGET (self->imap_host_row),    GTK_WIDGET (self->imap_user_row),
      GTK_WIDGET (self->imap_folder_row),  GTK_WIDGET (self->smtp_host_row),
      GTK_WIDGET (self->smtp_user_row),    GTK_WIDGET (self->from_name_row),
      GTK_WIDGET (self->from_address_row),
    };
    GtkSpinButton *spins[] = { self->imap_port_spin, self->smtp_port_spin, self->interval_spin };

    for (guint i = 0; i < G_N_ELEMENTS (changing); i++)
      g_signal_connect_object (changing[i], "changed", G_CALLBACK (on_changed_cb), self,
                               G_CONNECT_SWAPPED);
    for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
      g_signal_connect_object (spins[i], "value-changed", G_CALLBACK (on_changed_cb), self,
                               G_CONNECT_SWAPPED);
  }
  g_signal_connect_object (self->cc_switch, "notify::active", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->insecure_switch, "notify::active",
                           G_CALLBACK (on_insecure_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->smtp_same_password_switch, "notify::active",
                           G_CALLBACK (on_same_password_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->imap_security_row, "notify::selected",
                           G_CALLBACK (on_security_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->smtp_security_row, "notify::selected",
                           G_CALLBACK (on_security_selected_cb), self, G_CONNECT_SWAPPED);
  watch_password_row (self, self->imap_password_row);
  watch_password_row (self, self->smtp_password_row);
}

CnMailPage *
cn_mail_page_new (CnStore *store)
{
  CnMailPage *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_MAIL_PAGE, NULL);
  self->store = g_object_ref (store);
  load_account (self);
  return self;
}

gboolean
_cn_mail_page_is_testing (CnMailPage *self)
{
  g_return_val_if_fail (CN_IS_MAIL_PAGE (self), FALSE);

  return self->test_cancellable != NULL;
}
