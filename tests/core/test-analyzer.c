/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The motivation analyzer: elements and their spans, flags and their
 * evidence, the contact-aware checks, the verdict, and the texts that break
 * naive analyzers. All notes here were written for these tests. */

#include <string.h>

#include "cn-analyzer-model.h"
#include "cn-analyzer-private.h"
#include "cn-analyzer.h"

/* The two cases of the product brief, as in the demo data (cn-demo.c). */
#define STRANGER_TO_CONNECTOR "Bonjour, merci de transmettre."
#define STRANGER_TO_TARGET                                                                         \
  "Bonjour Madame, nous avons des points communs. Je serais ravi d'échanger avec vous."
#define JOB_TO_CONNECTOR                                                                           \
  "Bonjour, je suis en recherche d'emploi depuis quelques mois. Vous ne me connaissez "            \
  "pas, mais votre relais auprès de Claire Fontanel m'aiderait vraiment : une "                   \
  "recommandation de votre part aura plus de poids qu'un message de ma part seule."
#define JOB_TO_TARGET                                                                              \
  "Bonjour Madame Fontanel,\n\nAprès huit ans comme contrôleuse de gestion dans la "             \
  "grande distribution, je prépare une reconversion vers les achats responsables. "               \
  "Je mène une enquête métier pour valider ce projet professionnel auprès de personnes "       \
  "qui accompagnent des transitions de carrière, et votre avis de consultante en "                \
  "outplacement me serait précieux. Accepteriez-vous un échange de 20 minutes, par "             \
  "téléphone ou en visio, au moment qui vous convient ?\n\nMerci pour votre temps,\n"            \
  "Nadia Benali"

/* The seed's two requests, word for word, typos included: the blog post
 * the product comes from judged the first unmotivated and forwarded the
 * second, because "its objective is precise, clear, concise". */
#define SEED_X_TO_CONNECTOR "Bonjour, pourriez vous transférer. Cdt"
#define SEED_X_TO_TARGET "Bonjour, nous avons des points communs. Cdt"
#define SEED_A_TO_CONNECTOR                                                                        \
  "Bonjour, je suis à la recherche d’un emploi, votre transfert pourra m’aider dans ma "      \
  "recherche. Cdt"
#define SEED_A_TO_TARGET                                                                            \
  "Bonjour, je procéde actuellement à une enquête métier. Je souhaiterai prendre contact avec " \
  "vous pour valider mon projet professionnel et vous demandez des conseils. Notre entretien "      \
  "ne durera que 20 minutes. Cdt"

/* The security director both strangers write to. */
#define CISO_CARD                                                                                  \
  .target_name = "Hélène Vasseur",                                                                 \
  .target_position = "Directrice de la sécurité des systèmes d'information",                       \
  .target_company = "Banque Ardoise", .target_expertise = (const char *const[])                    \
  {                                                                                                \
    "cybersécurité", "gestion de crise", NULL                                                      \
  }

static CnAnalysis *
analyze_full (const CnAnalysisInput *input)
{
  g_autoptr(GError) error = NULL;
  CnAnalysis *analysis = cn_analyzer_analyze (cn_analyzer_get_default (), input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

static CnAnalysis *
analyze (const char *note)
{
  CnAnalysisInput input = { .note_to_target = note };

  return analyze_full (&input);
}

/* The text of a span, cut from the note by character offsets. */
static char *
span_text (const char *note, const CnSpan *span)
{
  g_assert_cmpuint (span->start, <, span->end);
  g_assert_cmpuint (span->end, <=, g_utf8_strlen (note, -1));
  return g_utf8_substring (note, span->start, span->end);
}

/* One of the element's spans reads exactly `expected`. */
static void
assert_span (CnAnalysis *analysis, const char *note, CnElement element, const char *expected)
{
  guint n = 0;
  const CnSpan *spans = cn_analysis_get_spans (analysis, element, &n);
  g_autoptr(GString) seen = g_string_new (NULL);

  g_assert_true (cn_analysis_has_element (analysis, element));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = span_text (note, &spans[i]);

      if (g_str_equal (text, expected))
        return;
      g_string_append_printf (seen, " “%s”", text);
    }
  g_error ("%s: no span “%s” in “%s”; spans:%s", cn_element_to_string (element), expected, note,
           seen->str);
}

/* One of the element's spans overlaps the first occurrence of `part`. */
static void
assert_span_near (CnAnalysis *analysis, const char *note, CnElement element, const char *part)
{
  const char *found = strstr (note, part);
  guint n = 0, start, end;
  const CnSpan *spans = cn_analysis_get_spans (analysis, element, &n);

  g_assert_nonnull (found);
  start = (guint) g_utf8_pointer_to_offset (note, found);
  end = start + (guint) g_utf8_strlen (part, -1);
  g_assert_true (cn_analysis_has_element (analysis, element));
  for (guint i = 0; i < n; i++)
    {
      if (spans[i].start < end && spans[i].end > start)
        return;
    }
  g_error ("%s: no span on “%s” in “%s”", cn_element_to_string (element), part, note);
}

static const CnEvidence *
find_evidence (CnAnalysis *analysis, CnFlag flag, const char *kind)
{
  guint n = 0;
  const CnEvidence *evidence = cn_analysis_get_evidence (analysis, &n);

  for (guint i = 0; i < n; i++)
    {
      if (evidence[i].flag == flag && (kind == NULL || g_str_equal (evidence[i].kind, kind)))
        return &evidence[i];
    }
  return NULL;
}

static gboolean
has_reason (CnAnalysis *analysis, CnReason reason)
{
  guint n = 0;
  const CnReason *reasons = cn_analysis_get_reasons (analysis, &n);

  for (guint i = 0; i < n; i++)
    {
      if (reasons[i] == reason)
        return TRUE;
    }
  return FALSE;
}

/* --- Ids and words ---------------------------------------------------------------- */

static void
test_ids_and_labels (void)
{
  CnVerdict verdict = CN_VERDICT_NONE;
  CnEvidence evidence = {
    CN_FLAG_PLACEHOLDERS, CN_NOTE_TO_TARGET, { 3, 15 }, "placeholder", "{first_name}"
  };
  g_autofree char *label = NULL;

  g_assert_cmpstr (cn_element_to_string (CN_ELEMENT_SELF_INTRO), ==, "self_intro");
  g_assert_cmpstr (cn_element_to_string (CN_ELEMENT_EFFORT_BOUND), ==, "effort_bound");
  g_assert_cmpstr (cn_element_to_string (CN_ELEMENT_REASON_TO_FORWARD), ==, "reason_to_forward");
  g_assert_null (cn_element_to_string (CN_N_ELEMENTS));
  g_assert_cmpstr (cn_flag_to_string (CN_FLAG_GENERIC_TEMPLATE), ==, "generic_template");
  g_assert_cmpstr (cn_flag_to_string (CN_FLAG_TOO_SHORT), ==, "too_short");
  g_assert_null (cn_flag_to_string (CN_N_FLAGS));
  g_assert_cmpstr (cn_verdict_to_string (CN_VERDICT_INCOMPLETE), ==, "incomplete");

  g_assert_true (cn_verdict_from_string ("unsuitable", &verdict));
  g_assert_cmpint (verdict, ==, CN_VERDICT_UNSUITABLE);
  g_assert_true (cn_verdict_from_string ("Motivated", &verdict));
  g_assert_cmpint (verdict, ==, CN_VERDICT_MOTIVATED);
  g_assert_false (cn_verdict_from_string ("maybe", &verdict));
  g_assert_false (cn_verdict_from_string (NULL, &verdict));

  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      g_assert_cmpstr (cn_element_get_label (e), !=, "");
      g_assert_cmpstr (cn_element_get_hint (e), !=, "");
    }
  for (guint f = 0; f < CN_N_FLAGS; f++)
    g_assert_cmpstr (cn_flag_get_label (f), !=, "");
  for (guint r = CN_REASON_EMPTY; r <= CN_REASON_TOO_SHORT; r++)
    g_assert_cmpstr (cn_reason_get_label (r), !=, "");
  g_assert_cmpstr (cn_element_get_label (CN_ELEMENT_OBJECTIVE), ==, "Precise objective");
  g_assert_cmpstr (cn_reason_get_label (CN_REASON_NO_OBJECTIVE), ==, "No precise objective");

  label = cn_evidence_get_label (&evidence);
  g_assert_nonnull (strstr (label, "{first_name}"));
}

/* --- Elements ------------------------------------------------------------------------ */

static void
test_elements_en (void)
{
  const char *note = "Hello Ms Park, I'm a product designer at a small fintech in Leeds. "
                     "We are hiring a senior accessibility engineer for our payments app. "
                     "I read your article on screen-reader testing at Corvid Labs. "
                     "Could we have a 15-minute call next week?";
  g_autoptr(CnAnalysis) analysis = analyze (note);

  g_assert_cmpstr (cn_analysis_get_lang (analysis), ==, "en");
  assert_span_near (analysis, note, CN_ELEMENT_SELF_INTRO, "I'm a product designer");
  assert_span_near (analysis, note, CN_ELEMENT_OBJECTIVE, "hiring");
  assert_span_near (analysis, note, CN_ELEMENT_WHY_YOU, "I read your article");
  assert_span_near (analysis, note, CN_ELEMENT_PERSONALISED, "I read your article");
  assert_span_near (analysis, note, CN_ELEMENT_SPECIFIC_ASK, "Could we");
  assert_span (analysis, note, CN_ELEMENT_EFFORT_BOUND, "15-minute");
  g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_PUSHY));
  g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_SALES_PITCH));
  g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE));
  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
  g_assert_cmpuint (cn_analysis_get_score (analysis), >=, 80);
}

static void
test_elements_fr (void)
{
  const char *note = "Bonjour Monsieur Garnier, je suis ingénieure agronome et je prépare "
                     "une reconversion vers le conseil en irrigation. J'ai lu votre article "
                     "sur le goutte-à-goutte dans les vergers du Gard. Pourriez-vous répondre "
                     "à trois questions par e-mail ?";
  g_autoptr(CnAnalysis) analysis = analyze (note);

  g_assert_cmpstr (cn_analysis_get_lang (analysis), ==, "fr");
  assert_span_near (analysis, note, CN_ELEMENT_SELF_INTRO, "je suis ingénieure");
  assert_span_near (analysis, note, CN_ELEMENT_OBJECTIVE, "reconversion");
  assert_span (analysis, note, CN_ELEMENT_WHY_YOU, "J'ai lu votre article");
  assert_span_near (analysis, note, CN_ELEMENT_PERSONALISED, "J'ai lu votre");
  assert_span_near (analysis, note, CN_ELEMENT_SPECIFIC_ASK, "Pourriez-vous");
  assert_span (analysis, note, CN_ELEMENT_EFFORT_BOUND, "trois questions");
  assert_span_near (analysis, note, CN_ELEMENT_EFFORT_BOUND, "par e-mail");
  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
}

static void
test_spans_are_characters (void)
{
  /* Accents and an emoji before the cue: offsets count characters, not bytes. */
  const char *note = "Éléonore 🙂 — étudiante à Nîmes. Accepteriez-vous un échange de "
                     "20 minutes ?";
  g_autoptr(CnAnalysis) analysis = analyze (note);

  assert_span (analysis, note, CN_ELEMENT_EFFORT_BOUND, "20 minutes");
  assert_span (analysis, note, CN_ELEMENT_SPECIFIC_ASK, "Accepteriez-vous");
}

static void
test_reason_to_forward (void)
{
  CnAnalysisInput input = {
    .note_to_target = JOB_TO_TARGET,
    .note_to_connector = JOB_TO_CONNECTOR,
  };
  g_autoptr(CnAnalysis) with_note = analyze_full (&input);
  g_autoptr(CnAnalysis) without_note = NULL;
  g_autoptr(CnAnalysis) bare = NULL;

  g_assert_true (cn_analysis_has_connector_note (with_note));
  assert_span_near (with_note, JOB_TO_CONNECTOR, CN_ELEMENT_REASON_TO_FORWARD, "m'aiderait");
  g_assert_cmpstr (cn_analysis_get_connector_lang (with_note), ==, "fr");

  input.note_to_connector = NULL;
  without_note = analyze_full (&input);
  g_assert_false (cn_analysis_has_connector_note (without_note));
  g_assert_false (cn_analysis_has_element (without_note, CN_ELEMENT_REASON_TO_FORWARD));
  g_assert_false (has_reason (without_note, CN_REASON_NO_REASON_TO_FORWARD));

  input.note_to_connector = "Hi, can you forward this?";
  bare = analyze_full (&input);
  g_assert_true (cn_analysis_has_connector_note (bare));
  g_assert_false (cn_analysis_has_element (bare, CN_ELEMENT_REASON_TO_FORWARD));
  g_assert_true (has_reason (bare, CN_REASON_NO_REASON_TO_FORWARD));
}

/* --- Flags ------------------------------------------------------------------------------ */

static void
test_linkedin_default (void)
{
  const char *en = "I'd like to add you to my professional network on LinkedIn.";
  const char *fr = "Bonjour, je souhaiterais vous ajouter à mon réseau professionnel.";
  g_autoptr(CnAnalysis) a = analyze (en);
  g_autoptr(CnAnalysis) b = analyze (fr);
  const CnEvidence *evidence;
  g_autofree char *label = NULL;

  evidence = find_evidence (a, CN_FLAG_GENERIC_TEMPLATE, "linkedin-invitation");
  g_assert_nonnull (evidence);
  g_assert_cmpstr (evidence->text, ==, "I'd like to add you to my professional network");
  g_assert_cmpuint (evidence->span.start, ==, 0);
  label = cn_evidence_get_label (evidence);
  g_assert_cmpstr (label, ==, "Looks like LinkedIn’s default invitation text");
  g_assert_cmpint (cn_analysis_get_verdict (a), ==, CN_VERDICT_UNSUITABLE);
  g_assert_true (has_reason (a, CN_REASON_GENERIC_TEMPLATE));

  evidence = find_evidence (b, CN_FLAG_GENERIC_TEMPLATE, "linkedin-invitation");
  g_assert_nonnull (evidence);
  g_assert_cmpstr (evidence->text, ==, "je souhaiterais vous ajouter à mon réseau");
  g_assert_cmpint (cn_analysis_get_verdict (b), !=, CN_VERDICT_MOTIVATED);
}

static void
test_placeholders (void)
{
  const struct
  {
    const char *note;
    const char *slot;
  } cases[] = {
    { "Hi {first_name}, I would like to add you to my network.", "{first_name}" },
    { "Bonjour [Prénom], je serais ravi d'échanger sur votre métier.", "[Prénom]" },
    { "Dear <Name>, our team would like to meet you next week.", "<Name>" },
    { "Hello XXXX, I run a design studio and would value your advice.", "XXXX" },
    { "Hello {{ company }}, quick question about your hiring plans.", "{{ company }}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (cases[i].note);
      const CnEvidence *evidence = find_evidence (analysis, CN_FLAG_PLACEHOLDERS, "placeholder");
      g_autofree char *text = NULL;

      g_assert_nonnull (evidence);
      g_assert_cmpstr (evidence->text, ==, cases[i].slot);
      text = span_text (cases[i].note, &evidence->span);
      g_assert_cmpstr (text, ==, cases[i].slot);
      g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
    }

  /* Brackets that are not slots. */
  {
    g_autoptr(CnAnalysis) analysis = analyze (
        "See [the report](https://example.org/r) and the quote […] with 3 <= 4 <b>.");

    g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_PLACEHOLDERS));
  }
}

static void
test_pushy (void)
{
  const struct
  {
    const char *note;
    const char *kind;
  } cases[] = {
    { "I am writing to you for the third time about my project.", "chasing" },
    { "This is URGENT: I need an intro to your investor friend today.", "urgency" },
    { "If I don't hear from you by Friday, I will contact your boss.", "ultimatum" },
    { "Je compte sur vous, ne me laissez pas tomber.", "guilt" },
    { "Dernière relance : sans réponse de votre part, je passe à autre chose.", "chasing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (cases[i].note);

      g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_PUSHY));
      g_assert_nonnull (find_evidence (analysis, CN_FLAG_PUSHY, cases[i].kind));
      g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_UNSUITABLE);
      g_assert_true (has_reason (analysis, CN_REASON_PUSHY));
    }

  /* One polite follow-up is not pressure. */
  {
    g_autoptr(CnAnalysis) analysis = analyze (
        "Just following up on my note from last month, in case it got buried.");

    g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_PUSHY));
  }
}

static void
test_sales_pitch (void)
{
  const char *en = "Hi Tom, our platform helps logistics teams cut costs by 30%. "
                   "Book a demo this week and get a free trial.";
  const char *fr = "Bonjour, notre agence propose des solutions pour booster vos ventes. "
                   "Profitez de notre audit gratuit !";
  g_autoptr(CnAnalysis) a = analyze (en);
  g_autoptr(CnAnalysis) b = analyze (fr);

  g_assert_true (cn_analysis_has_flag (a, CN_FLAG_SALES_PITCH));
  g_assert_cmpint (cn_analysis_get_verdict (a), ==, CN_VERDICT_UNSUITABLE);
  g_assert_true (has_reason (a, CN_REASON_SALES_PITCH));
  g_assert_true (cn_analysis_has_flag (b, CN_FLAG_SALES_PITCH));
  g_assert_nonnull (find_evidence (b, CN_FLAG_SALES_PITCH, "offer"));
  g_assert_cmpint (cn_analysis_get_verdict (b), ==, CN_VERDICT_UNSUITABLE);
}

static void
test_too_short (void)
{
  g_autoptr(CnAnalysis) a = analyze ("pls fwd");
  g_autoptr(CnAnalysis) b = analyze (JOB_TO_TARGET);

  g_assert_true (cn_analysis_has_flag (a, CN_FLAG_TOO_SHORT));
  g_assert_true (has_reason (a, CN_REASON_TOO_SHORT));
  g_assert_false (cn_analysis_has_flag (b, CN_FLAG_TOO_SHORT));
}

/* --- The product brief's two cases -------------------------------------------------------- */

static void
test_brief_stranger (void)
{
  CnAnalysisInput input = {
    .note_to_target = STRANGER_TO_TARGET,
    .note_to_connector = STRANGER_TO_CONNECTOR,
    CISO_CARD,
  };
  g_autoptr(CnAnalysis) analysis = analyze_full (&input);

  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_SPECIFIC_ASK));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_EFFORT_BOUND));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_WHY_YOU));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_REASON_TO_FORWARD));
  g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE));
  g_assert_true (has_reason (analysis, CN_REASON_NO_OBJECTIVE));
  g_assert_cmpuint (cn_analysis_get_score (analysis), <, 30);
}

static void
test_brief_job_survey (void)
{
  CnAnalysisInput input = {
    .note_to_target = JOB_TO_TARGET,
    .note_to_connector = JOB_TO_CONNECTOR,
    .target_name = "Claire Fontanel",
    .target_position = "Consultante en outplacement",
    .target_company = "Passerelles RH",
    .target_expertise = (const char *const[]){ "outplacement", "reconversion",
                                               "projet professionnel", NULL },
  };
  g_autoptr(CnAnalysis) analysis = analyze_full (&input);

  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
  assert_span_near (analysis, JOB_TO_TARGET, CN_ELEMENT_OBJECTIVE, "enquête métier");
  assert_span_near (analysis, JOB_TO_TARGET, CN_ELEMENT_SPECIFIC_ASK, "Accepteriez-vous");
  assert_span (analysis, JOB_TO_TARGET, CN_ELEMENT_EFFORT_BOUND, "20 minutes");
  assert_span_near (analysis, JOB_TO_TARGET, CN_ELEMENT_WHY_YOU, "outplacement");
  g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_REASON_TO_FORWARD));
  g_assert_false (cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE));
  g_assert_cmpuint (cn_analysis_get_score (analysis), >=, 70);
}


/* --- The seed's rule ------------------------------------------------------------------ */

static void
test_seed_x (void)
{
  CnAnalysisInput input = {
    .note_to_target = SEED_X_TO_TARGET,
    .note_to_connector = SEED_X_TO_CONNECTOR,
    CISO_CARD,
  };
  g_autoptr(CnAnalysis) analysis = analyze_full (&input);

  /* To decline, or ask for a motivation: never forwarded as it is. */
  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_NONE);
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_SPECIFIC_ASK));
  g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE));
  g_assert_true (has_reason (analysis, CN_REASON_NO_OBJECTIVE));
}

static void
test_seed_a (void)
{
  CnAnalysisInput input = {
    .note_to_target = SEED_A_TO_TARGET,
    .note_to_connector = SEED_A_TO_CONNECTOR,
    .lang = "fr",
  };
  g_autoptr(CnAnalysis) alone = analyze_full (&input);
  g_autoptr(CnAnalysis) with_contact = NULL;
  const CnSpan *spans;
  guint n = 0;

  /* Motivated from the notes alone: a precise objective, a concrete ask. */
  g_assert_cmpint (cn_analysis_get_verdict (alone), ==, CN_VERDICT_MOTIVATED);
  assert_span (alone, SEED_A_TO_TARGET, CN_ELEMENT_OBJECTIVE, "enquête métier");
  assert_span_near (alone, SEED_A_TO_TARGET, CN_ELEMENT_OBJECTIVE, "valider");
  assert_span_near (alone, SEED_A_TO_TARGET, CN_ELEMENT_SPECIFIC_ASK, "conseils");
  assert_span (alone, SEED_A_TO_TARGET, CN_ELEMENT_EFFORT_BOUND, "20 minutes");
  /* "prendre contact avec vous" is a common formula in a specific note. */
  g_assert_false (cn_analysis_has_flag (alone, CN_FLAG_GENERIC_TEMPLATE));
  g_assert_true (cn_analysis_has_element (alone, CN_ELEMENT_REASON_TO_FORWARD));

  /* Who is asking is said to the connector: it counts, and shows there. */
  g_assert_true (cn_analysis_has_element (alone, CN_ELEMENT_SELF_INTRO));
  spans = cn_analysis_get_connector_spans (alone, CN_ELEMENT_SELF_INTRO, &n);
  g_assert_cmpuint (n, >=, 1);
  {
    g_autofree char *text = span_text (SEED_A_TO_CONNECTOR, &spans[0]);

    g_assert_nonnull (strstr (text, "recherche"));
  }

  /* For an outplacement consultant, the fit says why this contact. */
  input.target_name = "Claire Fontanel";
  input.target_position = "Consultante en outplacement";
  input.target_company = "Passerelles RH";
  input.target_expertise = (const char *const[]){ "outplacement", "projet professionnel",
                                                  "recherche d'emploi", NULL };
  with_contact = analyze_full (&input);
  g_assert_cmpint (cn_analysis_get_verdict (with_contact), ==, CN_VERDICT_MOTIVATED);
  assert_span_near (with_contact, SEED_A_TO_TARGET, CN_ELEMENT_WHY_YOU, "projet professionnel");
  g_assert_cmpuint (cn_analysis_get_score (with_contact), >, cn_analysis_get_score (alone));
}

/* Without an objective and a concrete ask, a request is never motivated,
 * however well it knows the contact. */
static void
test_no_objective_no_ask (void)
{
  const struct
  {
    const char *note;
    const char *position;
    const char *expertise;
  } cases[] = {
    { "Hi Sam, I saw we both worked in retail banking. Let us connect and see where it goes.",
      "Head of Retail Banking", "retail banking" },
    { "Bonjour Inès, nous avons tous les deux travaillé dans la logistique portuaire. "
      "Restons en contact, on verra bien ce qui en sortira.",
      "Directrice logistique", "logistique portuaire" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CnAnalysisInput input = {
        .note_to_target = cases[i].note,
        .target_position = cases[i].position,
        .target_expertise = (const char *const[]){ cases[i].expertise, NULL },
      };
      g_autoptr(CnAnalysis) analysis = analyze_full (&input);

      g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_WHY_YOU));
      g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE));
      if (cn_analysis_get_verdict (analysis) == CN_VERDICT_MOTIVATED)
        g_error ("case %u is motivated with no objective and no ask", i);
    }
}

/* The note to the connector says who is asking; the note to the contact
 * does not. Both languages. */
static void
test_self_intro_to_connector (void)
{
  const struct
  {
    const char *to_connector;
    const char *to_target;
    const char *said;
  } cases[] = {
    { "Hi Ana, I'm a data engineer at a small logistics firm in Leeds. Could you pass this on "
      "to Priya?",
      "Hello Priya, of the two feature stores you compared in your talk, which one held up for "
      "routing models? Could you tell me in a 15-minute call?",
      "data engineer" },
    { "Salut Marc, je suis infirmière en reconversion vers la qualité hospitalière. Tu peux "
      "transmettre à Lucie ?",
      "Bonjour Lucie, qu'attend votre service qualité d'un nouvel arrivant ? Accepteriez-vous "
      "de répondre à trois questions par courriel ?",
      "infirmière" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CnAnalysisInput input = { .note_to_target = cases[i].to_target };
      g_autoptr(CnAnalysis) target_only = analyze_full (&input);
      g_autoptr(CnAnalysis) both = NULL;
      const CnSpan *spans;
      guint n = 0;
      gboolean found = FALSE;

      g_assert_false (cn_analysis_has_element (target_only, CN_ELEMENT_SELF_INTRO));
      input.note_to_connector = cases[i].to_connector;
      both = analyze_full (&input);
      g_assert_true (cn_analysis_has_element (both, CN_ELEMENT_SELF_INTRO));
      g_assert_false (has_reason (both, CN_REASON_NO_SELF_INTRO));
      /* Spans of the note to the contact stay in it; these are elsewhere. */
      g_assert_null (cn_analysis_get_spans (both, CN_ELEMENT_SELF_INTRO, NULL));
      spans = cn_analysis_get_connector_spans (both, CN_ELEMENT_SELF_INTRO, &n);
      for (guint k = 0; k < n; k++)
        {
          g_autofree char *text = span_text (cases[i].to_connector, &spans[k]);

          found |= strstr (cases[i].to_connector, text) != NULL &&
                   strstr (text, cases[i].said) != NULL;
        }
      if (!found)
        g_error ("case %u: “%s” not shown in the note to the connector", i, cases[i].said);
      g_assert_cmpuint (cn_analysis_get_score (both), >, cn_analysis_get_score (target_only));
    }
}

/* Stock text is a note that would fit anyone: a common formula inside a
 * specific note does not make one; a platform's default invitation does,
 * whatever follows it. */
static void
test_stock_is_the_whole_note (void)
{
  const char *const specific[] = {
    "I hope this finds you well. I'm a nurse in Leeds moving into clinical informatics, and "
    "I'm preparing for an interview at the NHS digital unit you ran until last year. Could "
    "I ask you three questions about the role by email?",
    "J'espère que vous allez bien. Je suis contrôleur de gestion et je prépare une candidature "
    "au poste de responsable financier de votre ancienne coopérative. Pourriez-vous me dire, "
    "en dix minutes au téléphone, ce que son conseil attend du poste ?",
  };
  const char *const stock[] = {
    "I'd like to add you to my professional network on LinkedIn. I'm a marketing manager in "
    "Lyon and I'm preparing a move into product.",
    "Hello, I came across your profile and would love to connect. Let's explore synergies!",
    "Bonjour, je souhaiterais vous ajouter à mon réseau professionnel. Au plaisir d'échanger !",
  };

  for (guint i = 0; i < G_N_ELEMENTS (specific); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (specific[i]);

      const CnEvidence *evidence;
      guint n = 0;
      gboolean noted = FALSE;

      if (cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE))
        g_error ("specific note %u flagged as stock text", i);
      g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_MOTIVATED);
      /* Its formula is still shown, as a mild note that weighs nothing. */
      g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_COMMON_FORMULA));
      evidence = cn_analysis_get_evidence (analysis, &n);
      for (guint k = 0; k < n; k++)
        noted |= evidence[k].flag == CN_FLAG_COMMON_FORMULA &&
                 strstr (specific[i], evidence[k].text) != NULL;
      g_assert_true (noted);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stock); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (stock[i]);

      if (!cn_analysis_has_flag (analysis, CN_FLAG_GENERIC_TEMPLATE))
        g_error ("stock note %u not flagged", i);
      g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
    }
}

/* The breakup message and the disclaimed pitch, in both languages. */
static void
test_pushy_and_pitch_families (void)
{
  const struct
  {
    const char *note;
    CnFlag flag;
  } cases[] = {
    { "Hi Jo, this is my last email about our audit offer; after today I will stop writing.",
      CN_FLAG_PUSHY },
    { "Bonjour, dernier message de ma part : sans retour, je clôture votre dossier.",
      CN_FLAG_PUSHY },
    { "Hi Jo, no pitch here: we built a tool that cut their onboarding time for teams like "
      "yours. Could I show you how in 15 minutes?",
      CN_FLAG_SALES_PITCH },
    { "Bonjour, pas un pitch : nous avons développé un outil qui fait gagner deux heures par "
      "semaine aux cabinets comme le vôtre. Je peux vous montrer comment ?",
      CN_FLAG_SALES_PITCH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (cases[i].note);

      if (!cn_analysis_has_flag (analysis, cases[i].flag))
        g_error ("case %u: no %s", i, cn_flag_to_string (cases[i].flag));
      g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_UNSUITABLE);
    }
}

/* The model's weights are data: read by name, checked line by line. */
static void
test_model_file (void)
{
  const char *bad[] = {
    "objective bias\n",                /* two fields */
    "objective nonsense 1.0\n",        /* unknown feature */
    "nothing bias 1.0\n",              /* unknown label */
    "objective bias one\n",            /* not a number */
    "# fine\n\nobjective bias 1.5x\n", /* trailing junk, line 3 */
  };
  CnAnalyzerModel model;
  float x[CN_N_FEATURES] = { 0 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;

      g_assert_false (cn_analyzer_model_parse (&model, "test.model", bad[i], &bad_error));
      g_assert_error (bad_error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON);
      g_assert_nonnull (strstr (bad_error->message, "test.model"));
    }

  g_assert_true (cn_analyzer_model_parse (&model, "test.model",
                                          "# weights\n"
                                          "objective bias -2\n"
                                          "objective objective 3.5\n"
                                          "pushy pushy 1\n",
                                          &error));
  g_assert_no_error (error);
  x[CN_FEATURE_BIAS] = 1;
  /* A label or feature left out weighs nothing. */
  g_assert_cmpfloat_with_epsilon (cn_analyzer_model_predict (&model, CN_LABEL_WHY_YOU, x), 0.5,
                                  1e-9);
  g_assert_cmpfloat (cn_analyzer_model_predict (&model, CN_LABEL_OBJECTIVE, x), <, 0.5);
  x[CN_FEATURE_OBJECTIVE] = 1;
  g_assert_cmpfloat (cn_analyzer_model_predict (&model, CN_LABEL_OBJECTIVE, x), >, 0.5);
  g_assert_cmpstr (cn_feature_to_string (CN_FEATURE_YOUR_WORK), ==, "your_work");
  g_assert_cmpstr (cn_label_to_string (CN_LABEL_GENERIC_TEMPLATE), ==, "generic_template");
}

/* Phrasings of our own, many per element and language
 * (tests/core/analyzer-probes.tsv): the lexicons must know each one. A
 * probe is a sentence, not a request: this checks that its cue is found,
 * while the model weighs cues in whole notes (the corpus measures that). */
static void
test_probes (void)
{
  static const struct
  {
    const char *name;
    CnFeature feature;
  } cues[] = {
    { "self_intro", CN_FEATURE_SELF_INTRO },
    { "objective", CN_FEATURE_OBJECTIVE },
    { "specific_ask", CN_FEATURE_SPECIFIC_ASK },
    { "why_you", CN_FEATURE_WHY_YOU },
    { "effort_bound", CN_FEATURE_EFFORT_BOUND },
    { "personalised", CN_FEATURE_PERSONALISED },
    { "pushy", CN_FEATURE_PUSHY },
    { "sales_pitch", CN_FEATURE_SALES_PITCH },
  };
  const char *root = g_getenv ("CONNECTEUR_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (root == NULL)
    {
      g_test_skip ("CONNECTEUR_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (root, "tests", "core", "analyzer-probes.tsv", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      float x[CN_N_FEATURES];
      int feature = -1;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      for (guint c = 0; c < G_N_ELEMENTS (cues); c++)
        if (g_str_equal (fields[0], cues[c].name))
          feature = (int) cues[c].feature;
      if (feature < 0)
        g_error ("%s:%u: unknown element or warning “%s”", path, i + 1, fields[0]);

      _cn_analyzer_get_features (cn_analyzer_get_default (), fields[2], fields[1], x);
      if (x[feature] == 0)
        g_error ("%s:%u: no cue of %s in “%s”", path, i + 1, fields[0], fields[2]);
      n++;
    }
  g_assert_cmpuint (n, >=, 60);
}

/* A template is judged as if its slots were filled as meant: a slot for the
 * writer's name or role says who is asking, a slot for a specific detail
 * says something of the reader; the reader's own name says neither. */
static void
test_slots (void)
{
  const struct
  {
    const char *lang;
    const char *note;
    gboolean self, detail;
  } cases[] = {
    { "en", "Hi {{firstName}}, I'm [Your Name], [Your Role] at [Your Company].", TRUE, FALSE },
    { "en", "Hi [Name], your post on [specific topic] made me think of our pilot.", FALSE, TRUE },
    { "en", "Hi {{first_name}}, let's connect!", FALSE, FALSE },
    { "fr", "Bonjour [Prénom], je suis [votre poste] chez [votre entreprise].", TRUE, FALSE },
    { "fr", "Bonjour {{prenom}}, j'ai lu votre article sur [sujet précis].", FALSE, TRUE },
    { "fr", "Bonjour [Prénom], {{fromName}} ici : [raison de votre message].", TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      float x[CN_N_FEATURES];

      _cn_analyzer_get_features (cn_analyzer_get_default (), cases[i].note, cases[i].lang, x);
      g_assert_cmpfloat (x[CN_FEATURE_PLACEHOLDERS], ==, 1);
      if ((x[CN_FEATURE_SLOT_SELF] != 0) != cases[i].self ||
          (x[CN_FEATURE_SLOT_DETAIL] != 0) != cases[i].detail)
        g_error ("case %u: slot for the writer %g, for a detail %g", i, x[CN_FEATURE_SLOT_SELF],
                 x[CN_FEATURE_SLOT_DETAIL]);
    }
}

/* --- The target contact ---------------------------------------------------------------- */

static void
test_target_aware (void)
{
  const char *note = "Hello, I lead a small team that is moving its billing to event "
                     "sourcing, and we are stuck on replaying events after a schema change. "
                     "Could you spare 15 minutes for two questions?";
  const char *const expertise[] = { "distributed systems", "event sourcing", "Rust", NULL };
  CnAnalysisInput input = { .note_to_target = note };
  g_autoptr(CnAnalysis) without = analyze_full (&input);
  g_autoptr(CnAnalysis) with = NULL;
  g_autoptr(CnAnalysis) other = NULL;

  g_assert_false (cn_analysis_has_element (without, CN_ELEMENT_WHY_YOU));

  input.target_name = "David Okafor";
  input.target_position = "CTO";
  input.target_company = "Lumenstack";
  input.target_expertise = expertise;
  with = analyze_full (&input);
  assert_span_near (with, note, CN_ELEMENT_WHY_YOU, "sourcing");
  g_assert_true (cn_analysis_has_element (with, CN_ELEMENT_PERSONALISED));
  /* The fit is a reason and weighs in the score; the verdict rests on the
   * objective and the ask. */
  g_assert_cmpint (cn_analysis_get_verdict (with), ==, cn_analysis_get_verdict (without));
  g_assert_cmpuint (cn_analysis_get_score (with), >, cn_analysis_get_score (without));

  /* A contact from another field gains nothing from the same note. */
  input.target_position = "Head of Data Science";
  input.target_company = "Meridian Health";
  input.target_expertise = (const char *const[]){ "machine learning", "MLOps", NULL };
  other = analyze_full (&input);
  g_assert_false (cn_analysis_has_element (other, CN_ELEMENT_WHY_YOU));
}

static void
test_target_inflection (void)
{
  /* "recrutement" in the tags, "recruter" in the note; no accents in the note. */
  const char *note = "Bonjour, je suis fondateur d'une PME de robotique et je cherche a "
                     "recruter mes deux premiers techniciens. Votre regard sur la marque "
                     "employeur d'une petite structure m'aiderait. Seriez-vous disponible "
                     "pour un appel de 20 minutes ?";
  CnAnalysisInput input = {
    .note_to_target = note,
    .target_position = "Directrice des ressources humaines",
    .target_company = "Groupe Verlaine Industries",
    .target_expertise = (const char *const[]){ "recrutement", "marque employeur", NULL },
  };
  g_autoptr(CnAnalysis) analysis = analyze_full (&input);

  assert_span_near (analysis, note, CN_ELEMENT_WHY_YOU, "marque employeur");
  g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_PERSONALISED));
}

static void
test_flattery (void)
{
  const char *en = "Hi, I need the help of someone like you. Your profile is amazing and "
                   "I admire your career.";
  const char *fr = "Bonjour, votre profil est très intéressant et votre parcours est "
                   "impressionnant.";
  CnAnalysisInput input = {
    .note_to_target = fr,
    .target_position = "Consultante en outplacement",
    .target_expertise = (const char *const[]){ "outplacement", "reconversion", NULL },
  };
  g_autoptr(CnAnalysis) a = analyze (en);
  g_autoptr(CnAnalysis) b = analyze_full (&input);

  g_assert_false (cn_analysis_has_element (a, CN_ELEMENT_WHY_YOU));
  g_assert_false (cn_analysis_has_element (a, CN_ELEMENT_PERSONALISED));
  g_assert_cmpint (cn_analysis_get_verdict (a), !=, CN_VERDICT_MOTIVATED);
  g_assert_false (cn_analysis_has_element (b, CN_ELEMENT_WHY_YOU));
  g_assert_false (cn_analysis_has_element (b, CN_ELEMENT_PERSONALISED));
  g_assert_cmpint (cn_analysis_get_verdict (b), !=, CN_VERDICT_MOTIVATED);
}

/* --- Hard cases ------------------------------------------------------------------------ */

static void
test_ask_without_objective (void)
{
  const char *note = "Hi Sam, could we have a quick call on Thursday afternoon?";
  g_autoptr(CnAnalysis) analysis = analyze (note);

  g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_SPECIFIC_ASK));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_OBJECTIVE));
  g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_EFFORT_BOUND));
  g_assert_cmpint (cn_analysis_get_verdict (analysis), ==, CN_VERDICT_INCOMPLETE);
  g_assert_true (has_reason (analysis, CN_REASON_NO_OBJECTIVE));
}

static void
test_time_in_words (void)
{
  const struct
  {
    const char *note;
    const char *span;
  } cases[] = {
    { "Auriez-vous un quart d'heure la semaine prochaine ?", "un quart d'heure" },
    { "Une demi-heure au téléphone me suffirait.", "Une demi-heure" },
    { "Could you give me half an hour next week?", "half an hour" },
    { "I have three questions about your migration.", "three questions" },
    { "J'aurais deux questions sur votre métier.", "deux questions" },
    { "A 15-min call would be plenty.", "15-min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (cases[i].note);

      assert_span (analysis, cases[i].note, CN_ELEMENT_EFFORT_BOUND, cases[i].span);
    }

  /* "Quick" is not a bound. */
  {
    g_autoptr(CnAnalysis) analysis = analyze ("Can we have a quick call?");

    g_assert_false (cn_analysis_has_element (analysis, CN_ELEMENT_EFFORT_BOUND));
  }
}

static void
test_accents_and_caps (void)
{
  const char *plain = "Bonjour, je suis etudiante en master et je prepare un memoire sur la "
                      "gestion de crise. Accepteriez-vous de repondre a trois questions par "
                      "ecrit ?";
  const char *caps = "BONJOUR, JE SUIS ÉTUDIANTE EN MASTER ET JE PRÉPARE UN MÉMOIRE SUR LA "
                     "GESTION DE CRISE. ACCEPTERIEZ-VOUS DE RÉPONDRE À TROIS QUESTIONS PAR "
                     "ÉCRIT ?";
  g_autoptr(CnAnalysis) a = analyze (plain);
  g_autoptr(CnAnalysis) b = analyze (caps);

  g_assert_cmpuint (cn_analysis_get_element_mask (a), ==, cn_analysis_get_element_mask (b));
  g_assert_cmpstr (cn_analysis_get_lang (a), ==, "fr");
  g_assert_cmpstr (cn_analysis_get_lang (b), ==, "fr");
  assert_span (a, plain, CN_ELEMENT_EFFORT_BOUND, "trois questions");
  assert_span (b, caps, CN_ELEMENT_EFFORT_BOUND, "TROIS QUESTIONS");
  assert_span_near (b, caps, CN_ELEMENT_OBJECTIVE, "MÉMOIRE");
  assert_span_near (a, plain, CN_ELEMENT_OBJECTIVE, "memoire");
  assert_span_near (b, caps, CN_ELEMENT_SELF_INTRO, "JE SUIS ÉTUDIANTE");
}

static void
test_url_only (void)
{
  const char *note = "https://www.linkedin.com/in/someone-example-1234/";
  g_autoptr(CnAnalysis) analysis = analyze (note);

  g_assert_cmpuint (cn_analysis_get_element_mask (analysis), ==, 0);
  g_assert_true (cn_analysis_has_flag (analysis, CN_FLAG_TOO_SHORT));
  g_assert_cmpint (cn_analysis_get_verdict (analysis), !=, CN_VERDICT_MOTIVATED);
}

static void
test_empty (void)
{
  g_autoptr(CnAnalysis) a = analyze ("");
  g_autoptr(CnAnalysis) b = analyze (NULL);
  g_autoptr(CnAnalysis) c = analyze ("  \n\t ");

  g_assert_cmpint (cn_analysis_get_verdict (a), ==, CN_VERDICT_INCOMPLETE);
  g_assert_cmpuint (cn_analysis_get_score (a), ==, 0);
  g_assert_true (has_reason (a, CN_REASON_EMPTY));
  g_assert_cmpuint (cn_analysis_get_element_mask (a), ==, 0);
  g_assert_cmpstr (cn_analysis_get_lang (a), ==, "und");
  g_assert_cmpint (cn_analysis_get_verdict (b), ==, CN_VERDICT_INCOMPLETE);
  g_assert_true (has_reason (b, CN_REASON_EMPTY));
  g_assert_true (has_reason (c, CN_REASON_EMPTY));
}

static void
test_huge (void)
{
  const char *paragraph = "Je suis consultante et j'écris un article sur la logistique "
                          "urbaine. Accepteriez-vous un échange de 20 minutes ? ";
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(CnAnalysis) analysis = NULL;
  guint n = 0;
  const CnSpan *spans;
  glong n_chars;

  while (note->len < 1024 * 1024)
    g_string_append (note, paragraph);
  n_chars = g_utf8_strlen (note->str, -1);

  analysis = analyze (note->str);
  g_assert_cmpstr (cn_analysis_get_lang (analysis), ==, "fr");
  g_assert_true (cn_analysis_has_element (analysis, CN_ELEMENT_EFFORT_BOUND));
  spans = cn_analysis_get_spans (analysis, CN_ELEMENT_EFFORT_BOUND, &n);
  g_assert_cmpuint (n, >, 10);
  /* Only the first pages are read: a pasted document does not stall the window. */
  g_assert_cmpuint (spans[n - 1].end, <, n_chars / 2);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (spans[i].start, <, spans[i].end);
      g_assert_cmpuint (spans[i].end, <=, n_chars);
      if (i > 0)
        g_assert_cmpuint (spans[i - 1].end, <, spans[i].start);
    }
  g_assert_cmpuint (cn_analysis_get_score (analysis), <=, 100);
}

static void
test_invalid_utf8 (void)
{
  CnAnalysisInput input = { .note_to_target = "Bonjour \xC3\x28 invalide" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalysis) analysis = NULL;

  analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, &error);
  g_assert_null (analysis);
  g_assert_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  input.note_to_target = "Fine text.";
  input.note_to_connector = "\xFF\xFE";
  analysis = cn_analyzer_analyze (cn_analyzer_get_default (), &input, &error);
  g_assert_null (analysis);
  g_assert_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT);
}

static void
test_language (void)
{
  g_autoptr(CnAnalysis) fr = analyze ("Bonjour, je voudrais vous poser une question sur "
                                       "votre métier.");
  g_autoptr(CnAnalysis) en = analyze ("Hello, I would like to ask you a question about "
                                       "your job.");
  g_autoptr(CnAnalysis) mixed = analyze ("Hello, je voudrais your advice sur the market "
                                          "pour mon projet, thanks.");
  g_autoptr(CnAnalysis) mixed_cues = NULL;
  CnAnalysisInput forced = { .note_to_target = "Pourriez-vous regarder mon CV ?", .lang = "en" };
  g_autoptr(CnAnalysis) forced_en = analyze_full (&forced);

  g_assert_cmpstr (cn_analysis_get_lang (fr), ==, "fr");
  g_assert_cmpstr (cn_analysis_get_lang (en), ==, "en");
  g_assert_cmpstr (cn_analysis_get_lang (mixed), ==, "und");

  /* An undetermined note gets both languages' cues. */
  mixed_cues = analyze ("Hi, I'm a student. Pourriez-vous m'accorder 20 minutes ?");
  g_assert_cmpstr (cn_analysis_get_lang (mixed_cues), ==, "und");
  g_assert_true (cn_analysis_has_element (mixed_cues, CN_ELEMENT_SELF_INTRO));
  g_assert_true (cn_analysis_has_element (mixed_cues, CN_ELEMENT_SPECIFIC_ASK));
  g_assert_true (cn_analysis_has_element (mixed_cues, CN_ELEMENT_EFFORT_BOUND));

  /* A given language is trusted: French cues are not looked for. */
  g_assert_cmpstr (cn_analysis_get_lang (forced_en), ==, "en");
  g_assert_false (cn_analysis_has_element (forced_en, CN_ELEMENT_SPECIFIC_ASK));
}

/* --- Verdicts on notes of every kind ------------------------------------------------ */

static void
test_verdicts (void)
{
  const struct
  {
    const char *note;
    CnVerdict verdict;
  } cases[] = {
    { "Hi Laura, I'm a second-year nursing student in Bristol and I'm writing my dissertation "
      "on night-shift fatigue. Your study on 12-hour shifts is the one my tutor recommended. "
      "Could I send you four short questions by email?",
      CN_VERDICT_MOTIVATED },
    { "Hi Tom, we met at the PyCon sprint in Prague. I'm hiring a Python mentor for our "
      "bootcamp and your tutorial on async code is exactly the level we need. Would you have "
      "20 minutes next week?",
      CN_VERDICT_MOTIVATED },
    { "Bonjour Karim, je dirige une petite brasserie artisanale à Angers et nous cherchons un "
      "distributeur en Bretagne. Vous avez lancé la gamme bio de votre réseau de caves l'an "
      "dernier. Seriez-vous d'accord pour un appel d'un quart d'heure ?",
      CN_VERDICT_MOTIVATED },
    { "Bonjour Madame, étudiante en école de commerce, je souhaiterais effectuer mon stage de "
      "fin d'études dans le conseil RH. J'ai lu votre tribune sur le télétravail. "
      "Accepteriez-vous de relire ma lettre de motivation ?",
      CN_VERDICT_MOTIVATED },
    { "Hello! I came across your profile and would love to connect. Let's explore synergies!",
      CN_VERDICT_UNSUITABLE },
    { "Dear Mr Obi, our agency offers a 30% discount on SEO audits this month only. Book a "
      "call now!",
      CN_VERDICT_UNSUITABLE },
    { "Bonjour, je me permets de vous solliciter. Pouvez-vous m'aider ?", CN_VERDICT_INCOMPLETE },
    { "Hi, I'm a software engineer looking for new opportunities. Can we talk?",
      CN_VERDICT_INCOMPLETE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (cases[i].note);

      if (cn_analysis_get_verdict (analysis) != cases[i].verdict)
        g_error ("case %u: %s instead of %s", i,
                 cn_verdict_to_string (cn_analysis_get_verdict (analysis)),
                 cn_verdict_to_string (cases[i].verdict));
      if (cases[i].verdict == CN_VERDICT_MOTIVATED)
        g_assert_cmpuint (cn_analysis_get_score (analysis), >=, 50);
      else
        g_assert_cmpuint (cn_analysis_get_score (analysis), <, 50);
    }
}

/* --- Lexicons ------------------------------------------------------------------------------ */

static void
test_lexicon_errors (void)
{
  const char *good = "[objective]\nhiring\n";
  const struct
  {
    const char *en;
    const char *fr;
    const char *where;
  } cases[] = {
    { "# cues\n[objective]\nhiring\n[objectif]\n", good, "en.lexicon, line 4" },
    { good, "[objective]\nrecrut*\n\n* poste\n", "fr.lexicon, line 4" },
    { "hiring\n", good, "en.lexicon, line 1" },
    { "[effort_bound]\n#num @unit\n", good, "en.lexicon, line 2" },
    { "[objective]\nhiring = kind\n", good, "en.lexicon, line 2" },
    { "[pushy]\nnow = \n", good, "en.lexicon, line 2" },
    { "[objective]\nre*\n", good, "en.lexicon, line 2" },
    { "[objective\n", good, "en.lexicon, line 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CnAnalyzer)
                     analyzer = cn_analyzer_new_from_lexicons (cases[i].en, cases[i].fr, &error);

      g_assert_null (analyzer);
      g_assert_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_LEXICON);
      if (strstr (error->message, cases[i].where) == NULL)
        g_error ("case %u: “%s” does not name “%s”", i, error->message, cases[i].where);
    }
}

static void
test_custom_lexicon (void)
{
  const char *en = "[@num]\nten\n[@unit]\nminute*\nhour*\n[effort_bound]\n#num @unit\n"
                   "[generic_template]\nhello there = greeting\n";
  const char *fr = "[objective]\nvalid* .. projet\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalyzer) analyzer = cn_analyzer_new_from_lexicons (en, fr, &error);
  g_autoptr(CnAnalyzer) other = NULL;
  g_autoptr(CnAnalysis) a = NULL;
  g_autoptr(CnAnalysis) b = NULL;
  CnAnalysisInput input = { .note_to_target = "Hello there! Ten minutes, max." };

  g_assert_no_error (error);
  a = cn_analyzer_analyze (analyzer, &input, &error);
  g_assert_no_error (error);
  assert_span (a, input.note_to_target, CN_ELEMENT_EFFORT_BOUND, "Ten minutes");
  g_assert_nonnull (find_evidence (a, CN_FLAG_GENERIC_TEMPLATE, "greeting"));

  input.note_to_target = "Je veux valider mon nouveau projet.";
  b = cn_analyzer_analyze (analyzer, &input, &error);
  assert_span (b, input.note_to_target, CN_ELEMENT_OBJECTIVE, "valider mon nouveau projet");

  /* Another lexicon, another version; the same lexicon, the same version. */
  other = cn_analyzer_new_from_lexicons (en, "[objective]\nvalid* projet\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_analyzer_get_version (analyzer), !=, cn_analyzer_get_version (other));
  g_assert_cmpstr (cn_analyzer_get_version (analyzer), !=,
                   cn_analyzer_get_version (cn_analyzer_get_default ()));
  g_clear_object (&other);
  other = cn_analyzer_new_from_lexicons (en, fr, &error);
  g_assert_cmpstr (cn_analyzer_get_version (analyzer), ==, cn_analyzer_get_version (other));
}

static void
test_lexicon_comments (void)
{
  const char *en = "# Effort\n[effort_bound]   # the section\n#num minutes # a number, then a "
                   "unit\n\n[@num]\nfive\n[generic_template]\nhi there = greeting #comment\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAnalyzer) analyzer = cn_analyzer_new_from_lexicons (en, "", &error);
  g_autoptr(CnAnalysis) analysis = NULL;
  CnAnalysisInput input = { .note_to_target = "Hi there, 15 minutes?" };

  g_assert_no_error (error);
  analysis = cn_analyzer_analyze (analyzer, &input, &error);
  g_assert_no_error (error);
  assert_span (analysis, input.note_to_target, CN_ELEMENT_EFFORT_BOUND, "15 minutes");
  g_assert_nonnull (find_evidence (analysis, CN_FLAG_GENERIC_TEMPLATE, "greeting"));
}

static void
test_default_is_shared (void)
{
  g_assert_true (cn_analyzer_get_default () == cn_analyzer_get_default ());
  g_assert_nonnull (cn_analyzer_get_version (cn_analyzer_get_default ()));
  /* The window's stored analyses are judged by this one: it must not differ. */
  g_assert_cmpstr (cn_analyzer_get_default_version (), ==,
                   cn_analyzer_get_version (cn_analyzer_get_default ()));
}

/* --- Threads ------------------------------------------------------------------------------ */

static gpointer
analyze_many (gpointer data)
{
  guint mask = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(CnAnalysis) analysis = analyze (JOB_TO_TARGET);

      mask = cn_analysis_get_element_mask (analysis) | (cn_analysis_get_score (analysis) << 8);
    }
  return GUINT_TO_POINTER (mask);
}

static void
test_threads (void)
{
  GThread *threads[4];
  g_autoptr(CnAnalysis) reference = analyze (JOB_TO_TARGET);
  guint expected = cn_analysis_get_element_mask (reference) |
                   (cn_analysis_get_score (reference) << 8);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("analyzer", analyze_many, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, expected);
}

/* Everything an analysis tells, the same in both. */
static void
assert_same_analysis (CnAnalysis *a, CnAnalysis *b)
{
  const CnEvidence *ea, *eb;
  const CnReason *ra, *rb;
  guint na = 0, nb = 0;

  g_assert_cmpstr (cn_analysis_get_lang (a), ==, cn_analysis_get_lang (b));
  g_assert_cmpstr (cn_analysis_get_connector_lang (a), ==, cn_analysis_get_connector_lang (b));
  g_assert_cmpint (cn_analysis_has_connector_note (a), ==, cn_analysis_has_connector_note (b));
  g_assert_cmpuint (cn_analysis_get_element_mask (a), ==, cn_analysis_get_element_mask (b));
  g_assert_cmpuint (cn_analysis_get_flag_mask (a), ==, cn_analysis_get_flag_mask (b));
  g_assert_cmpuint (cn_analysis_get_score (a), ==, cn_analysis_get_score (b));
  g_assert_cmpint (cn_analysis_get_verdict (a), ==, cn_analysis_get_verdict (b));
  for (guint e = 0; e < CN_N_ELEMENTS; e++)
    {
      const CnSpan *sa = cn_analysis_get_spans (a, e, &na);
      const CnSpan *sb = cn_analysis_get_spans (b, e, &nb);

      g_assert_cmpmem (sa, na * sizeof *sa, sb, nb * sizeof *sb);
      sa = cn_analysis_get_connector_spans (a, e, &na);
      sb = cn_analysis_get_connector_spans (b, e, &nb);
      g_assert_cmpmem (sa, na * sizeof *sa, sb, nb * sizeof *sb);
    }
  ra = cn_analysis_get_reasons (a, &na);
  rb = cn_analysis_get_reasons (b, &nb);
  g_assert_cmpmem (ra, na * sizeof *ra, rb, nb * sizeof *rb);
  ea = cn_analysis_get_evidence (a, &na);
  eb = cn_analysis_get_evidence (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpint (ea[i].flag, ==, eb[i].flag);
      g_assert_cmpint (ea[i].note, ==, eb[i].note);
      g_assert_cmpuint (ea[i].span.start, ==, eb[i].span.start);
      g_assert_cmpuint (ea[i].span.end, ==, eb[i].span.end);
      g_assert_cmpstr (ea[i].kind, ==, eb[i].kind);
      g_assert_cmpstr (ea[i].text, ==, eb[i].text);
    }
}

/* An analysis made again for another note (the command-line tool's way)
 * tells what a new one tells: nothing of the note before stays. */
static void
test_analyze_into (void)
{
  CnAnalyzer *analyzer = cn_analyzer_get_default ();
  const CnAnalysisInput inputs[] = {
    { .note_to_connector = JOB_TO_CONNECTOR, .note_to_target = JOB_TO_TARGET, CISO_CARD },
    { .note_to_target = "Hi {first_name}, URGENT!!! Buy our [PRODUCT] today, best price!" },
    { .note_to_target = "" },
    { .note_to_connector = SEED_A_TO_CONNECTOR, .note_to_target = SEED_A_TO_TARGET },
    { .note_to_target = STRANGER_TO_TARGET, .lang = "fr" },
    { .note_to_connector = STRANGER_TO_CONNECTOR, .note_to_target = "ok" },
    { .note_to_target = SEED_X_TO_TARGET },
  };
  const CnAnalysisInput invalid = { .note_to_target = "caf\xe9" };
  g_autoptr(CnAnalysis) reused = NULL;
  g_autoptr(GError) error = NULL;

  /* Each after each of the others. */
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
      {
        g_autoptr(CnAnalysis) fresh = analyze_full (&inputs[j]);

        g_clear_object (&reused);
        reused = analyze_full (&inputs[i]);
        g_assert_true (
            _cn_analyzer_analyze_into (analyzer, &inputs[j], NULL, NULL, reused, j % 2, &error));
        g_assert_no_error (error);
        assert_same_analysis (reused, fresh);
      }

  /* Invalid text leaves it as it was. */
  g_assert_false (
      _cn_analyzer_analyze_into (analyzer, &invalid, NULL, NULL, reused, FALSE, &error));
  g_assert_error (error, CN_ANALYZER_ERROR, CN_ANALYZER_ERROR_INVALID_TEXT);
  {
    g_autoptr(CnAnalysis) fresh = analyze_full (&inputs[G_N_ELEMENTS (inputs) - 1]);

    assert_same_analysis (reused, fresh);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analyzer/ids-and-labels", test_ids_and_labels);
  g_test_add_func ("/analyzer/elements/en", test_elements_en);
  g_test_add_func ("/analyzer/elements/fr", test_elements_fr);
  g_test_add_func ("/analyzer/elements/character-offsets", test_spans_are_characters);
  g_test_add_func ("/analyzer/elements/reason-to-forward", test_reason_to_forward);
  g_test_add_func ("/analyzer/flags/linkedin-default", test_linkedin_default);
  g_test_add_func ("/analyzer/flags/placeholders", test_placeholders);
  g_test_add_func ("/analyzer/flags/pushy", test_pushy);
  g_test_add_func ("/analyzer/flags/sales-pitch", test_sales_pitch);
  g_test_add_func ("/analyzer/flags/too-short", test_too_short);
  g_test_add_func ("/analyzer/brief/stranger", test_brief_stranger);
  g_test_add_func ("/analyzer/brief/job-survey", test_brief_job_survey);
  g_test_add_func ("/analyzer/seed/x", test_seed_x);
  g_test_add_func ("/analyzer/seed/a", test_seed_a);
  g_test_add_func ("/analyzer/verdict/no-objective-no-ask", test_no_objective_no_ask);
  g_test_add_func ("/analyzer/elements/self-intro-to-connector", test_self_intro_to_connector);
  g_test_add_func ("/analyzer/flags/stock-is-the-whole-note", test_stock_is_the_whole_note);
  g_test_add_func ("/analyzer/flags/pushy-and-pitch-families", test_pushy_and_pitch_families);
  g_test_add_func ("/analyzer/model/file", test_model_file);
  g_test_add_func ("/analyzer/probes", test_probes);
  g_test_add_func ("/analyzer/slots", test_slots);
  g_test_add_func ("/analyzer/target/aware", test_target_aware);
  g_test_add_func ("/analyzer/target/inflection", test_target_inflection);
  g_test_add_func ("/analyzer/target/flattery", test_flattery);
  g_test_add_func ("/analyzer/hard/ask-without-objective", test_ask_without_objective);
  g_test_add_func ("/analyzer/hard/time-in-words", test_time_in_words);
  g_test_add_func ("/analyzer/hard/accents-and-caps", test_accents_and_caps);
  g_test_add_func ("/analyzer/hard/url-only", test_url_only);
  g_test_add_func ("/analyzer/hard/empty", test_empty);
  g_test_add_func ("/analyzer/hard/one-megabyte", test_huge);
  g_test_add_func ("/analyzer/hard/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/analyzer/language", test_language);
  g_test_add_func ("/analyzer/lexicon/errors", test_lexicon_errors);
  g_test_add_func ("/analyzer/lexicon/custom", test_custom_lexicon);
  g_test_add_func ("/analyzer/lexicon/comments", test_lexicon_comments);
  g_test_add_func ("/analyzer/verdicts", test_verdicts);
  g_test_add_func ("/analyzer/default", test_default_is_shared);
  g_test_add_func ("/analyzer/threads", test_threads);
  g_test_add_func ("/analyzer/analyze-into", test_analyze_into);

  return g_test_run ();
}
