/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's mail: Check Mail brings requests from a real IMAP server
 * (dovecot, started here on 127.0.0.1), Forward sends through a real SMTP
 * sink. Skipped when the servers are not installed. Passwords are session
 * passwords: no keyring is needed. */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-endorsement-editor.h"
#include "cn-mail-account.h"
#include "cn-reply-dialog.h"
#include "cn-secret.h"
#include "cn-test-mail-servers.h"
#include "cn-test-ui.h"
#include "cn-window-private.h"

#define IMAP_PASSWORD "s3cret-Pa55"

typedef struct
{
  CnTestWindowFixture w;
  char *dir;
  CnTestDovecot *dovecot;
  CnTestSmtpSink *sink;
  guint message_no;
} Fixture;

/* The servers run as "nobody": their folder is outside the test's private one. */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  cn_test_window_fixture_set_up (&f->w, data);
  f->dir = g_dir_make_tmp ("connecteur-ui-mail-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  const char *argv[] = { "rm", "-rf", f->dir, NULL };

  g_clear_pointer (&f->dovecot, cn_test_dovecot_stop);
  g_clear_pointer (&f->sink, cn_test_smtp_sink_stop);
  cn_test_window_fixture_tear_down (&f->w, data);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_free (f->dir);
}

static gboolean
start_dovecot (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->dovecot = cn_test_dovecot_start (f->dir, TRUE, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip ("dovecot is not installed");
      return FALSE;
    }
  g_assert_no_error (error);
  return TRUE;
}

static void
deliver (Fixture *f, const char *from, const char *subject, const char *body)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  char *text;

  f->message_no++;
  text = g_strdup_printf ("From: %s\r\n"
                          "To: Connector <connector@example.org>\r\n"
                          "Subject: %s\r\n"
                          "Date: Tue, 10 Nov 2026 09:%02u:00 +0100\r\n"
                          "Message-ID: <ui-mail-%u@example.org>\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=utf-8\r\n"
                          "Content-Transfer-Encoding: 8bit\r\n"
                          "\r\n"
                          "%s\r\n",
                          from, subject, f->message_no % 60, f->message_no, body);
  bytes = g_bytes_new_take (text, strlen (text));
  g_assert_true (cn_test_dovecot_deliver (f->dovecot, "INBOX", bytes, &error));
  g_assert_no_error (error);
}

static gboolean
not_checking (gpointer window)
{
  return !_cn_window_is_checking_mail (window);
}

static gboolean
analysis_done (gpointer window)
{
  return !_cn_window_is_analysing (window);
}

static void
check_mail (Fixture *f)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.check-mail", NULL));
  g_assert_true (_cn_window_is_checking_mail (f->w.window));
  g_assert_true (gtk_revealer_get_reveal_child (
      GTK_REVEALER (cn_test_ui_child (f->w.window, "mail_revealer"))));
  g_assert_true (cn_test_ui_wait_until (not_checking, f->w.window, 30000));
}

static void
test_check_mail (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;
  GtkWidget *button = GTK_WIDGET (cn_test_ui_child (f->w.window, "check_mail_button"));
  guint before;

  cn_test_window_fixture_load_demo (&f->w);
  before = cn_store_count_requests (f->w.store);

  /* No account: no button, and F5 does nothing. */
  g_assert_false (gtk_widget_get_visible (button));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.check-mail", NULL);
  g_assert_false (_cn_window_is_checking_mail (f->w.window));

  if (!start_dovecot (f))
    return;
  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_port = cn_test_dovecot_get_port (f->dovecot);
  account->imap_security = CN_MAIL_SECURITY_TLS;
  account->imap_user = g_strdup ("connector");
  account->ca_file = g_strdup (cn_test_dovecot_get_ca_file (f->dovecot));
  g_assert_true (cn_store_save_mail_account (f->w.store, account, &error));
  g_assert_no_error (error);
  cn_secret_set_session_password ("127.0.0.1", "connector", IMAP_PASSWORD);
  _cn_window_reload_account (f->w.window);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));

  deliver (f, "Élise Martin <elise@example.fr>", "Une mise en relation",
           "Bonjour,\r\n\r\nPourriez-vous me présenter à Julien Moreau ? Nous travaillons "
           "tous deux sur le recyclage des batteries.\r\n\r\nMerci,\r\nÉlise");
  deliver (f, "Tom Baker <tom@example.com>", "Intro?",
           "Hi,\r\n\r\nCould you put me in touch with Sarah Connor? I am hiring for a "
           "robotics team.\r\n\r\nThanks,\r\nTom");
  deliver (f, "News <news@shop.example>", "Our November offers",
           "Discover our new products and save 20% this week only.");

  check_mail (f);
  g_assert_cmpstr (_cn_window_get_last_toast (f->w.window), ==, "2 new requests");
  g_assert_cmpuint (cn_store_count_requests (f->w.store), ==, before + 2);
  /* They are listed, and checked in the background like imported ones. */
  g_assert_cmpuint (g_list_model_get_n_items (
                        G_LIST_MODEL (cn_test_ui_request_model (f->w.window))),
                    ==, before + 2);
  g_assert_true (cn_test_ui_wait_until (analysis_done, f->w.window, 10000));
  g_assert_true (gtk_widget_get_sensitive (button));

  /* Again: nothing new, nothing added twice. */
  check_mail (f);
  g_assert_cmpstr (_cn_window_get_last_toast (f->w.window), ==, "No new mail");
  g_assert_cmpuint (cn_store_count_requests (f->w.store), ==, before + 2);

  /* A wrong password is said in words; nothing changes. */
  cn_secret_set_session_password ("127.0.0.1", "connector", "not-the-password");
  deliver (f, "Person 9 <person9@example.com>", "A favour",
           "Hello,\r\n\r\nCould you introduce me to Target 9? We work on the same "
           "problem.\r\n\r\nPerson 9");
  check_mail (f);
  g_assert_true (
      g_str_has_prefix (_cn_window_get_last_toast (f->w.window), "Could not check mail: "));
  g_assert_cmpuint (cn_store_count_requests (f->w.store), ==, before + 2);
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
}

/* Sending */

static gboolean
start_sink (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->sink = cn_test_smtp_sink_start (f->dir, TRUE, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_test_skip ("aiosmtpd is not installed");
      return FALSE;
    }
  g_assert_no_error (error);
  return TRUE;
}

static gboolean
toast_starts_with (gpointer data)
{
  Fixture *f = data;
  const char *toast = _cn_window_get_last_toast (f->w.window);
  const char *prefix = g_object_get_data (G_OBJECT (f->w.window), "wanted-toast");
  g_autofree char *read = toast != NULL ? cn_test_ui_visible_text (toast) : NULL;

  return read != NULL && g_str_has_prefix (read, prefix) && !_cn_window_is_sending (f->w.window);
}

static void
wait_toast (Fixture *f, const char *prefix)
{
  g_object_set_data_full (G_OBJECT (f->w.window), "wanted-toast", g_strdup (prefix), g_free);
  g_assert_true (cn_test_ui_wait_until (toast_starts_with, f, 20000));
}

static CnEvent *
last_event (Fixture *f, gint64 id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = cn_store_list_events (f->w.store, id, &error);
  CnEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >, 0);
  event = g_ptr_array_steal_index (events, events->len - 1);
  return event;
}

static CnRequestStatus
status_of (Fixture *f, gint64 id)
{
  g_autoptr (CnRequest) request = cn_store_get_request (f->w.store, id, NULL);

  return cn_request_get_status (request);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
strv_has (char **strv, const char *needle)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (strstr (strv[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_forward_send (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CnEvent) failed = NULL;
  g_autoptr (CnEvent) forwarded = NULL;
  g_autoptr (GBytes) received = NULL;
  g_auto (GStrv) rcpt = NULL;
  g_autofree char *raw = NULL;
  GtkWidget *forward = cn_test_ui_action_button (f->w.window, "forward");
  CnRequest *request;
  CnRequestStatus before;
  gint64 id;
  GMenuModel *menu;
  g_autoptr (GMenuModel) section = NULL;
  static const char *const expected_actions[] = { "win.forward-send", "win.forward-mail-client",
                                                  "win.copy-forward", "win.forward-again" };

  cn_test_window_fixture_load_demo (&f->w);
  request = cn_test_window_fixture_select_with (&f->w, "outplacement");
  id = cn_request_get_id (request);
  before = status_of (f, id);
  if (!start_sink (f))
    return;

  /* No account: the menu has no Send. */
  cn_endorsement_editor_set_relationship (CN_ENDORSEMENT_EDITOR (
                                              cn_test_ui_review_child (f->w.window, "editor")),
                                          CN_RELATIONSHIP_PROFESSIONAL);
  g_assert_true (cn_test_ui_wait_until (is_sensitive, forward, 2000));
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.forward-send", NULL);
  g_assert_false (_cn_window_is_sending (f->w.window));
  g_assert_cmpint (status_of (f, id), ==, before);

  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_port = cn_test_smtp_sink_get_port (f->sink);
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  account->smtp_user = g_strdup ("connector");
  account->from_address = g_strdup ("connector@example.org");
  account->from_name = g_strdup ("Camille Connector");
  account->cc_requester = TRUE;
  account->ca_file = g_strdup (cn_test_smtp_sink_get_ca_file (f->sink));
  g_assert_true (cn_store_save_mail_account (f->w.store, account, &error));
  g_assert_no_error (error);
  _cn_window_reload_account (f->w.window);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (forward), "mail account"));

  /* A wrong password: recorded as failed, nothing forwarded, Retry offered. */
  cn_secret_set_session_password ("127.0.0.1", "connector", "not-the-password");
  gtk_widget_activate (forward);
  wait_toast (f, "Not sent: ");
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (f->sink), ==, 0);
  failed = last_event (f, id);
  g_assert_cmpint (failed->action, ==, CN_EVENT_ACTION_SEND_FAILED);
  g_assert_nonnull (strstr (failed->text, "claire@passerelles-rh.example"));
  g_assert_cmpint (status_of (f, id), ==, before);
  g_assert_true (gtk_widget_get_sensitive (forward));

  /* Retry with the right password: sent, recorded exactly as sent. */
  cn_secret_set_session_password ("127.0.0.1", "connector", IMAP_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.retry-send", NULL));
  g_assert_true (_cn_window_is_sending (f->w.window));
  g_assert_false (gtk_widget_get_sensitive (forward));
  wait_toast (f, "Sent to Claire Fontanel");
  received = cn_test_smtp_sink_wait_message (f->sink, 0, &rcpt, &error);
  g_assert_no_error (error);
  g_assert_true (strv_has (rcpt, "claire@passerelles-rh.example"));
  g_assert_true (strv_has (rcpt, "nadia.benali@courriel.example"));
  raw = g_strndup (g_bytes_get_data (received, NULL), g_bytes_get_size (received));
  g_assert_nonnull (strstr (raw, "To: "));
  g_assert_nonnull (strstr (raw, "claire@passerelles-rh.example"));
  g_assert_nonnull (strstr (raw, "Cc: "));
  forwarded = last_event (f, id);
  g_assert_cmpint (forwarded->action, ==, CN_EVENT_ACTION_FORWARDED);
  g_assert_nonnull (strstr (forwarded->text, "claire@passerelles-rh.example"));
  g_assert_nonnull (strstr (forwarded->text, "nadia.benali@courriel.example"));
  g_assert_cmpint (status_of (f, id), ==, CN_REQUEST_STATUS_FORWARDED);
  g_assert_cmpuint (cn_test_smtp_sink_count_messages (f->sink), ==, 1);
  /* Nothing left to retry. */
  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.retry-send", NULL);
  g_assert_false (_cn_window_is_sending (f->w.window));

  /* The mail app and the clipboard stay reachable from the arrow next to Forward. */
  menu = gtk_menu_button_get_menu_model (
      GTK_MENU_BUTTON (cn_test_ui_review_child (f->w.window, "forward_menu_button")));
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (expected_actions));
  for (guint i = 0; i < G_N_ELEMENTS (expected_actions); i++)
    {
      g_autofree char *action = NULL;

      g_assert_true (
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, expected_actions[i]);
    }
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
}

static gboolean
has_password_dialog (gpointer data)
{
  return cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
has_reply_dialog (gpointer data)
{
  return _cn_window_get_reply_dialog (data) != NULL;
}

/* A decline of an e-mailed request answers its message, through the
 * account; with no password known, the connector is asked for it. */
static void
test_reply_send (Fixture *f, gconstpointer data)
{
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CnEvent) declined = NULL;
  g_autoptr (GBytes) received = NULL;
  g_autofree char *raw = NULL;
  CnReplyDialog *reply;
  GtkWidget *send;
  AdwMessageDialog *password;
  GtkWidget *entry;
  GtkWidget *remember;
  g_autoptr (CnRequest) request = NULL;
  GListModel *model;
  gint64 id;

  if (!start_dovecot (f) || !start_sink (f))
    return;
  account->imap_host = g_strdup ("127.0.0.1");
  account->imap_port = cn_test_dovecot_get_port (f->dovecot);
  account->imap_user = g_strdup ("connector");
  account->ca_file = g_strdup (cn_test_dovecot_get_ca_file (f->dovecot));
  account->smtp_host = g_strdup ("127.0.0.1");
  account->smtp_port = cn_test_smtp_sink_get_port (f->sink);
  account->smtp_security = CN_MAIL_SECURITY_STARTTLS;
  account->smtp_user = g_strdup ("connector");
  account->from_address = g_strdup ("connector@example.org");
  /* Both servers trust the same test CA only when they share it: the sink's
   * CA is the one SMTP needs; IMAP was checked above with its own. */
  g_assert_true (cn_store_save_mail_account (f->w.store, account, &error));
  g_assert_no_error (error);
  cn_secret_set_session_password ("127.0.0.1", "connector", IMAP_PASSWORD);
  _cn_window_reload_account (f->w.window);
  deliver (f, "Tom Baker <tom@example.com>", "Intro?",
           "Hi,\r\n\r\nCould you put me in touch with Sarah Connor? I am hiring for a "
           "robotics team.\r\n\r\nThanks,\r\nTom");
  check_mail (f);
  g_assert_true (cn_test_ui_wait_until (analysis_done, f->w.window, 10000));
  /* The only request there is. */
  model = G_LIST_MODEL (cn_test_ui_request_model (f->w.window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  request = g_list_model_get_item (model, 0);
  id = cn_request_get_id (request);
  g_assert_nonnull (cn_request_get_source_ref (request));
  g_assert_true (_cn_window_select_request (f->w.window, id));

  /* The SMTP login has no password yet: the connector types it. */
  g_clear_pointer (&account->ca_file, g_free);
  account->ca_file = g_strdup (cn_test_smtp_sink_get_ca_file (f->sink));
  g_assert_true (cn_store_save_mail_account (f->w.store, account, &error));
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
  _cn_window_reload_account (f->w.window);

  gtk_widget_activate_action (GTK_WIDGET (f->w.window), "win.decline", NULL);
  g_assert_true (cn_test_ui_wait_until (has_reply_dialog, f->w.window, 3000));
  reply = CN_REPLY_DIALOG (_cn_window_get_reply_dialog (f->w.window));
  send = GTK_WIDGET (cn_test_ui_child (reply, "send_button"));
  g_assert_true (gtk_widget_get_visible (send));
  gtk_editable_set_text (GTK_EDITABLE (cn_test_ui_child (reply, "sentence_entry")),
                         "I do not know her well");
  g_assert_true (gtk_widget_get_sensitive (send));
  gtk_widget_activate (send);
  g_assert_true (cn_test_ui_wait_until (has_password_dialog, NULL, 15000));
  password = ADW_MESSAGE_DIALOG (cn_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  entry = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (password));
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), IMAP_PASSWORD);
  /* Kept for the session only: the test touches no keyring. */
  remember = gtk_widget_get_next_sibling (entry);
  g_assert_true (GTK_IS_CHECK_BUTTON (remember));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (remember), FALSE);
  adw_message_dialog_response (password, "ok");
  gtk_window_close (GTK_WINDOW (password));

  wait_toast (f, "Sent to Tom Baker");
  g_assert_null (_cn_window_get_reply_dialog (f->w.window));
  g_assert_cmpint (status_of (f, id), ==, CN_REQUEST_STATUS_DECLINED);
  declined = last_event (f, id);
  g_assert_cmpint (declined->action, ==, CN_EVENT_ACTION_DECLINED);
  g_assert_nonnull (strstr (declined->text, "I do not know her well"));
  received = cn_test_smtp_sink_wait_message (f->sink, 0, NULL, &error);
  g_assert_no_error (error);
  raw = g_strndup (g_bytes_get_data (received, NULL), g_bytes_get_size (received));
  g_assert_nonnull (strstr (raw, "tom@example.com"));
  /* It joins the request's thread. */
  g_assert_nonnull (strstr (raw, "In-Reply-To: <ui-mail-1@example.org>"));
  cn_secret_set_session_password ("127.0.0.1", "connector", NULL);
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = gtk_menu_button_get_popover (data);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Not a test: with CN_MAIL_SCREENSHOTS=DIR, the window checking mail and the
 * Forward menu, for the reviewers (run it under LANGUAGE=fr too). */
static void
test_screenshots (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("CN_MAIL_SCREENSHOTS");
  const char *lang = g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "en";
  g_autoptr (CnMailAccount) account = cn_mail_account_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *progress_png = NULL;
  g_autofree char *menu_png = NULL;
  GtkMenuButton *arrow = GTK_MENU_BUTTON (
      cn_test_ui_review_child (f->w.window, "forward_menu_button"));

  if (dir == NULL)
    {
      g_test_skip ("CN_MAIL_SCREENSHOTS is not set");
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (f->w.window), 1280, 820);
  cn_test_window_fixture_load_demo (&f->w);
  account->imap_host = g_strdup ("imap.example.org");
  account->imap_user = g_strdup ("connector");
  account->smtp_host = g_strdup ("smtp.example.org");
  account->smtp_user = g_strdup ("connector");
  g_assert_true (cn_store_save_mail_account (f->w.store, account, &error));
  _cn_window_reload_account (f->w.window);
  cn_test_window_fixture_select_with (&f->w, "outplacement");
  cn_endorsement_editor_set_relationship (CN_ENDORSEMENT_EDITOR (
                                              cn_test_ui_review_child (f->w.window, "editor")),
                                          CN_RELATIONSHIP_PROFESSIONAL);
  _cn_window_show_mail_progress (f->w.window, 0.4);
  cn_test_ui_spin (600);
  progress_png = g_strdup_printf ("%s/mail-check-%s.png", dir, lang);
  g_assert_true (cn_test_ui_snapshot (GTK_WIDGET (f->w.window), progress_png, &error));
  g_assert_no_error (error);

  /* The popover is a surface of its own: the screen is taken. */
  gtk_menu_button_popup (arrow);
  g_assert_true (cn_test_ui_wait_until (popover_shown, arrow, 3000));
  cn_test_ui_spin (600);
  menu_png = g_strdup_printf ("%s/mail-forward-menu-%s.png", dir, lang);
  {
    const char *argv[] = { "import", "-window", "root", menu_png, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                                 NULL, &status, &error));
    g_assert_no_error (error);
  }
  gtk_menu_button_popdown (arrow);
}

int
main (int argc, char **argv)
{
  int status;

  if (!cn_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/mail/check", Fixture, NULL, fixture_set_up, test_check_mail, fixture_tear_down);
  g_test_add ("/mail/forward-send", Fixture, NULL, fixture_set_up, test_forward_send,
              fixture_tear_down);
  g_test_add ("/mail/reply-send", Fixture, NULL, fixture_set_up, test_reply_send,
              fixture_tear_down);
  g_test_add ("/mail/screenshots", Fixture, NULL, fixture_set_up, test_screenshots,
              fixture_tear_down);

  status = g_test_run ();
  cn_test_ui_cleanup ();
  return status;
}
