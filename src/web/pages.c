/*
 * pages.c - the frame every page shares (head, header with the brand and
 * the menu, footer with the helpdesk and the attribution of the sources),
 * the pages of plain text (home, the five entries, the helpdesk, errors),
 * and the dispatch of page addresses. Every byte of HTML goes through the
 * escaping writer (html.h).
 */
#include "portal.h"

#include <string.h>

/* ---- the frame --------------------------------------------------------------------------- */

void lw_page_begin(lw_page *pg, const char *title)
{
	lw_html *h = &pg->h;
	const lw_assets *as = pg->p->assets;
	pg->title = title;
	lw_html_f(h,
	          "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
	          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	          "<title>%s - Leren &amp; Werken</title>\n",
	          title);
	static const char *const sheets[] = {"utrecht.css", "leerwerk.css"};
	for (size_t i = 0; i < 2; i++)
		if (lw_assets_url(as, sheets[i]))
			lw_html_f(h, "<link rel=\"stylesheet\" href=\"%s\">\n",
			          lw_assets_url(as, sheets[i]));
	if (lw_assets_url(as, "favicon.svg"))
		lw_html_f(h, "<link rel=\"icon\" type=\"image/svg+xml\" href=\"%s\">\n",
		          lw_assets_url(as, "favicon.svg"));
	lw_html_lit(
	    h, "</head>\n<body class=\"utrecht-document leerwerk-theme\">\n"
	       "<a class=\"lw-skip\" href=\"#inhoud\">Naar de inhoud</a>\n"
	       "<div class=\"utrecht-page\">\n"
	       "<header class=\"utrecht-page-header lw-header\">\n"
	       "<a class=\"lw-brand\" href=\"/\">Leren &amp; Werken</a>\n"
	       "<nav class=\"lw-nav\" aria-label=\"Hoofdmenu\"><ul>\n"
	       "<li><a class=\"utrecht-link\" href=\"/zoeken\">Zoeken</a></li>\n"
	       "<li><a class=\"utrecht-link\" href=\"/loketten\">Leerwerkloketten</a></li>\n"
	       "<li><a class=\"utrecht-link\" href=\"/vraag\">Stel je vraag</a></li>\n"
	       "<li><a class=\"utrecht-link\" href=\"/helpdesk\">Helpdesk</a></li>\n"
	       "<li><a class=\"utrecht-link\" href=\"/monitor\">Monitor</a></li>\n"
	       "</ul></nav>\n</header>\n"
	       "<main id=\"inhoud\" class=\"utrecht-page-content lw-main\" tabindex=\"-1\">\n");
}

void lw_page_end(lw_page *pg)
{
	lw_html *h = &pg->h;
	const lw_portal_config *c = &pg->p->cfg;
	lw_html_f(h,
	          "</main>\n<footer class=\"utrecht-page-footer lw-footer\">\n"
	          "<p class=\"utrecht-paragraph\">Helpdesk Leren &amp; Werken: "
	          "<a class=\"utrecht-link\" href=\"/helpdesk\">%s</a> (gratis), %s.</p>\n"
	          "<p class=\"utrecht-paragraph\">Bron: CBS (gemeenten, arbeidsmarktregio's en "
	          "postcodegebieden, CC BY 4.0). Beroepen: ESCO, European Commission. "
	          "Kwalificaties: kwalificatiestructuur mbo 2015.</p>\n"
	          "<p class=\"utrecht-paragraph\">Opleidingen, EVC-trajecten, leerbedrijven en "
	          "vacatures met het label <span class=\"lw-example\">voorbeeld</span> zijn "
	          "voorbeeldgegevens.</p>\n"
	          "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
	          "href=\"/api/v1/openapi.json\">Open data: de API van Leren &amp; Werken</a></p>\n"
	          "</footer>\n</div>\n</body>\n</html>\n",
	          c->helpdesk_phone, c->helpdesk_hours);
}

void lw_page_send(lw_page *pg, lw_http_response *res, int status)
{
	lw_http_add_header(res, "Cache-Control", "no-cache");
	lw_web_send_html(res, status, &pg->h);
}

void lw_page_error(lw_portal *p, const lw_http_request *req, lw_http_response *res, int status,
                   const char *title, const char *text)
{
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_page_begin(&pg, title);
	lw_html_f(
	    &pg.h,
	    "<h1 class=\"utrecht-heading-1\">%s</h1>\n<p class=\"utrecht-paragraph\">%s</p>\n"
	    "<p class=\"utrecht-paragraph\">Zoek verder vanaf de <a class=\"utrecht-link\" "
	    "href=\"/\">beginpagina</a>, of <a class=\"utrecht-link\" href=\"/vraag\">stel je "
	    "vraag</a> aan een leerwerkloket.</p>\n",
	    title, text);
	lw_page_end(&pg);
	lw_page_send(&pg, res, status);
}

static const char *const KIND_LABELS[][3] = {
    {"kwalificatie", "kwalificatie", "kwalificaties"},
    {"beroep", "beroep", "beroepen"},
    {"opleiding", "opleiding", "opleidingen"},
    {"evc", "EVC-traject", "EVC-trajecten"},
    {"leerbedrijf", "leerbedrijf", "leerbedrijven"},
    {"vacature", "vacature", "vacatures"},
    {"regeling", "regeling", "regelingen"},
    {"loket", "leerwerkloket", "leerwerkloketten"},
};

const char *lw_kind_label(const char *kind, int plural)
{
	for (size_t i = 0; kind && i < sizeof KIND_LABELS / sizeof KIND_LABELS[0]; i++)
		if (!strcmp(KIND_LABELS[i][0], kind))
			return KIND_LABELS[i][plural ? 2 : 1];
	return kind ? kind : "";
}

#define ESCO_PREFIX "http://data.europa.eu/esco/occupation/"

void lw_page_item_href(lw_html *h, const char *kind, const char *ref)
{
	if (!strcmp(kind, "beroep") && !strncmp(ref, ESCO_PREFIX, strlen(ESCO_PREFIX)))
		ref += strlen(ESCO_PREFIX);
	lw_html_f(h, "/%s/%U", kind, ref);
}

/* ---- the search box and the desk finder's form --------------------------------------------- */

static void search_box(lw_html *h, const char *label)
{
	lw_html_f(h,
	          "<form class=\"lw-search\" action=\"/zoeken\" method=\"get\" role=\"search\">\n"
	          "<div class=\"utrecht-form-field\">\n"
	          "<label class=\"utrecht-form-label\" for=\"q\">%s</label>\n"
	          "<p class=\"utrecht-form-field-description\" id=\"q-uitleg\">Bijvoorbeeld "
	          "verpleegkundige, kok niveau 2, evc techniek of een postcode.</p>\n"
	          "<input class=\"utrecht-textbox\" id=\"q\" name=\"q\" type=\"search\" "
	          "autocomplete=\"off\" aria-describedby=\"q-uitleg\">\n"
	          "</div>\n"
	          "<button class=\"utrecht-button utrecht-button--primary-action\" "
	          "type=\"submit\">Zoeken</button>\n</form>\n",
	          label);
}

void lw_page_desk_form(lw_html *h, const char *value, const char *error)
{
	lw_html_lit(h, "<form class=\"lw-deskform\" action=\"/loket\" method=\"get\">\n");
	lw_html_f(h, "<div class=\"utrecht-form-field%s\">\n",
	          error ? " utrecht-form-field--invalid" : "");
	lw_html_lit(h, "<label class=\"utrecht-form-label\" for=\"plaats\">Je postcode of "
	               "gemeente</label>\n");
	if (error)
		lw_html_f(
		    h, "<p class=\"utrecht-form-field-error-message\" id=\"plaats-fout\">%s</p>\n",
		    error);
	lw_html_f(h,
	          "<input class=\"utrecht-textbox%s\" id=\"plaats\" name=\"plaats\" type=\"text\" "
	          "autocomplete=\"postal-code\" value=\"%s\"",
	          error ? " utrecht-textbox--invalid" : "", value ? value : "");
	if (error)
		lw_html_lit(h, " aria-invalid=\"true\" aria-describedby=\"plaats-fout\"");
	lw_html_lit(h,
	            ">\n</div>\n<button class=\"utrecht-button utrecht-button--secondary-action\" "
	            "type=\"submit\">Zoek het loket</button>\n</form>\n");
}

/* ---- the entries per target group ------------------------------------------------------------ */

typedef struct entry_link {
	const char *label, *href, *text;
} entry_link;

typedef struct entry {
	const char *slug, *title, *card, *intro;
	entry_link links[5];
} entry;

static const entry ENTRIES[] = {
    {"werkgever",
     "Voor werkgevers",
     "Personeel opleiden in het werk, EVC voor je medewerkers, leerbedrijf worden.",
     "Je medewerkers leren het meest in hun eigen werk. Met een EVC-traject laat je erkennen wat "
     "ze al kunnen, zodat hun opleiding korter wordt. Met duaal leren (BBL) halen ze een "
     "diploma terwijl ze bij jou werken; daarvoor moet je bedrijf een erkend leerbedrijf zijn. "
     "Regelingen dragen een deel van de kosten, en het leerwerkloket in je regio helpt je op "
     "weg.",
     {{"EVC voor je medewerkers", "/zoeken?kind=evc",
       "Erkenning van wat ze al kunnen, met een ervaringscertificaat."},
      {"Erkende leerbedrijven", "/zoeken?kind=leerbedrijf",
       "Bedrijven die BBL-leerlingen mogen opleiden, per kwalificatie."},
      {"Opleidingen in de beroepsbegeleidende leerweg", "/zoeken?kind=opleiding&q=leerweg%3Abbl",
       "Leren en werken tegelijk: vier dagen werk, een dag school."},
      {"Regelingen voor werkgevers", "/zoeken?kind=regeling&q=doelgroep%3Awerkgever",
       "Subsidies en fiscale regelingen voor scholing van personeel."},
      {NULL, NULL, NULL}}},
    {"werknemer",
     "Voor werknemers",
     "Een diploma halen naast je werk, laten erkennen wat je al kunt.",
     "Je kunt meer dan je papieren laten zien. Met een EVC-traject krijg je een "
     "ervaringscertificaat voor wat je in je werk hebt geleerd; daarmee wordt een opleiding "
     "korter. Met duaal leren haal je een diploma terwijl je blijft werken. Vraag het "
     "leerwerkloket wat er voor jou mogelijk is en welke regelingen helpen.",
     {{"EVC: laat erkennen wat je kunt", "/zoeken?kind=evc",
       "EVC-trajecten bij erkende aanbieders, met prijs en duur."},
      {"Leren en werken (BBL)", "/zoeken?kind=opleiding&q=leerweg%3Abbl",
       "Opleidingen die je naast je werk volgt."},
      {"Kwalificaties en diploma's", "/zoeken?kind=kwalificatie",
       "Alle mbo-kwalificaties, met de wegen ernaartoe."},
      {"Regelingen voor werknemers", "/zoeken?kind=regeling&q=doelgroep%3Awerknemer",
       "Wat helpt om je opleiding te betalen."},
      {NULL, NULL, NULL}}},
    {"student",
     "Voor studenten",
     "Een opleiding, een leerbaan of stage, en waar een diploma toe leidt.",
     "Kies een opleiding die past bij het werk dat je wilt doen. Bij elke kwalificatie zie je "
     "de scholen, de leerbedrijven waar je in de BBL kunt leren en werken, en de beroepen en "
     "vacatures waar het diploma toe leidt. Leerbanen en stages staan bij de vacatures.",
     {{"Opleidingen", "/zoeken?kind=opleiding", "Bij scholen in je buurt, BOL en BBL."},
      {"Leerbanen en stages", "/zoeken?kind=vacature&q=soort%3Aleerbaan",
       "Werken en leren bij een erkend leerbedrijf."},
      {"Kwalificaties", "/zoeken?kind=kwalificatie", "Wat je leert en op welk niveau."},
      {"Beroepen", "/zoeken?kind=beroep", "Beroepen (ESCO) en wat je ervoor nodig hebt."},
      {NULL, NULL, NULL}}},
    {"professional",
     "Voor professionals",
     "Voor loketmedewerkers, loopbaanadviseurs, opleiders en gemeenten.",
     "Alle registers zijn aan elkaar gekoppeld: van een kwalificatie naar de scholen, de "
     "erkende leerbedrijven, de EVC-aanbieders, de beroepen en de vacatures. Zoek op naam, "
     "code of plaats, filter op niveau, leerweg, regio en doelgroep, en gebruik dezelfde "
     "gegevens in je eigen systemen via de open API.",
     {{"EVC-aanbieders en trajecten", "/zoeken?kind=evc",
       "Met de geldigheid van hun accreditatie."},
      {"Kwalificaties", "/zoeken?kind=kwalificatie", "Met alle routes per plaats."},
      {"De leerwerkloketten per regio", "/loketten", "Het landelijk netwerk van loketten."},
      {"Open data: de API", "/api/v1/openapi.json",
       "Zoeken, details, routes, loketten en vragen als JSON (OpenAPI 3.1)."},
      {NULL, NULL, NULL}}},
    {"werkzoekende",
     "Voor werkzoekenden",
     "Werk vinden via een leerbaan, laten zien wat je kunt.",
     "Een leerbaan combineert werk met een opleiding: je verdient en haalt een diploma. Met "
     "een EVC-traject maak je zichtbaar wat je al kunt, dat helpt bij het solliciteren. Het "
     "leerwerkloket in je regio kent de werkgevers en de regelingen, en denkt met je mee.",
     {{"Vacatures en leerbanen", "/zoeken?kind=vacature", "Open vacatures, leerbanen en stages."},
      {"EVC: laat zien wat je kunt", "/zoeken?kind=evc", "Een ervaringscertificaat als bewijs."},
      {"Regelingen voor werkzoekenden", "/zoeken?kind=regeling&q=doelgroep%3Awerkzoekende",
       "Scholing en begeleiding naar werk."},
      {"Opleidingen met werk (BBL)", "/zoeken?kind=opleiding&q=leerweg%3Abbl",
       "Leren in een baan."},
      {NULL, NULL, NULL}}},
};
#define NENTRIES (sizeof ENTRIES / sizeof ENTRIES[0])

static void page_home(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	lw_page_begin(&pg, "Leren en werken");
	lw_html_lit(h, "<h1 class=\"utrecht-heading-1\">Leren en werken</h1>\n"
	               "<p class=\"utrecht-paragraph lw-lead\">Opleidingen, EVC, leerbedrijven, "
	               "vacatures en regelingen op één plek, en een leerwerkloket in je eigen "
	               "regio.</p>\n");
	search_box(h, "Waar ben je naar op zoek?");
	lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Wat past bij jou?</h2>\n"
	               "<ul class=\"lw-cards\">\n");
	for (size_t i = 0; i < NENTRIES; i++)
		lw_html_f(h,
		          "<li class=\"lw-card\"><h3 class=\"utrecht-heading-3\"><a "
		          "class=\"utrecht-link\" href=\"/voor/%s\">%s</a></h3>\n"
		          "<p class=\"utrecht-paragraph\">%s</p></li>\n",
		          ENTRIES[i].slug, ENTRIES[i].title, ENTRIES[i].card);
	lw_html_lit(h, "</ul>\n<h2 class=\"utrecht-heading-2\">Een leerwerkloket bij jou in de "
	               "buurt</h2>\n");
	lw_page_desk_form(h, NULL, NULL);
	lw_html_f(h,
	          "<p class=\"utrecht-paragraph\">Liever bellen? De helpdesk is gratis bereikbaar "
	          "op <a class=\"utrecht-link\" href=\"/helpdesk\">%s</a>.</p>\n",
	          p->cfg.helpdesk_phone);
	lw_page_end(&pg);
	lw_page_send(&pg, res, 200);
}

static void page_entry(lw_portal *p, const entry *e, const lw_http_request *req,
                       lw_http_response *res)
{
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	lw_page_begin(&pg, e->title);
	lw_html_f(h,
	          "<h1 class=\"utrecht-heading-1\">%s</h1>\n<p class=\"utrecht-paragraph "
	          "lw-lead\">%s</p>\n<h2 class=\"utrecht-heading-2\">Wat kun je doen?</h2>\n"
	          "<ul class=\"lw-cards\">\n",
	          e->title, e->intro);
	for (size_t i = 0; i < 5 && e->links[i].label; i++)
		lw_html_f(h,
		          "<li class=\"lw-card\"><h3 class=\"utrecht-heading-3\"><a "
		          "class=\"utrecht-link\" href=\"%s\">%s</a></h3>\n"
		          "<p class=\"utrecht-paragraph\">%s</p></li>\n",
		          e->links[i].href, e->links[i].label, e->links[i].text);
	lw_html_lit(h, "</ul>\n");
	search_box(h, "Zelf zoeken");
	lw_html_lit(h, "<h2 class=\"utrecht-heading-2\">Het leerwerkloket bij jou in de "
	               "buurt</h2>\n<p class=\"utrecht-paragraph\">Het loket helpt je kosteloos "
	               "verder: met advies, een EVC-traject of een leerbaan.</p>\n");
	lw_page_desk_form(h, NULL, NULL);
	lw_html_f(h,
	          "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
	          "href=\"/vraag?doelgroep=%U\">Stel je vraag</a> aan het loket, of bel gratis "
	          "<a class=\"utrecht-link\" href=\"/helpdesk\">%s</a>.</p>\n",
	          e->slug, p->cfg.helpdesk_phone);
	lw_page_end(&pg);
	lw_page_send(&pg, res, 200);
}

static void page_helpdesk(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	lw_page pg = {.p = p, .req = req, .h = LW_HTML_INIT};
	lw_html *h = &pg.h;
	const char *phone = p->cfg.helpdesk_phone;
	lw_page_begin(&pg, "Helpdesk");
	lw_html_lit(h, "<h1 class=\"utrecht-heading-1\">Helpdesk Leren &amp; Werken</h1>\n");
	lw_html_lit(h,
	            "<p class=\"utrecht-paragraph lw-lead\">Bel gratis <a class=\"utrecht-link\" "
	            "href=\"tel:");
	for (const char *c = phone; *c; c++)
		if ((*c >= '0' && *c <= '9') || *c == '+')
			lw_html_f(h, "%d", *c == '+' ? 0 : *c - '0');
	lw_html_f(
	    h,
	    "\">%s</a>, %s.</p>\n"
	    "<p class=\"utrecht-paragraph\">De helpdesk beantwoordt vragen over leren en werken: "
	    "EVC, duaal leren, scholing voor personeel, financiering en werk zoeken. Wie "
	    "meer hulp nodig heeft, verwijst de helpdesk door naar het leerwerkloket in de "
	    "eigen regio.</p>\n"
	    "<h2 class=\"utrecht-heading-2\">Liever schrijven?</h2>\n"
	    "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/vraag\">Stel je "
	    "vraag</a>; het loket dat jouw postcode bedient, neemt contact met je op.</p>\n"
	    "<h2 class=\"utrecht-heading-2\">Langskomen?</h2>\n",
	    phone, p->cfg.helpdesk_hours);
	lw_page_desk_form(h, NULL, NULL);
	lw_page_end(&pg);
	lw_page_send(&pg, res, 200);
}

/* ---- dispatch ----------------------------------------------------------------------------------
 */

static int is_item_kind(const char *s, size_t n)
{
	for (const char *const *k = lw_search_kinds(); *k; k++)
		if (strlen(*k) == n && !strncmp(*k, s, n))
			return 1;
	return 0;
}

int lw_pages_handle(lw_portal *p, const lw_http_request *req, lw_http_response *res)
{
	const char *path = req->path;
	int get = !strcmp(req->method, "GET") || !strcmp(req->method, "HEAD");
	int post = !strcmp(req->method, "POST");
	if (!strcmp(path, "/vraag")) {
		res->route = "/vraag";
		if (get || post)
			lw_page_question(p, req, res);
		else
			goto not_allowed;
		return 1;
	}
	if (!get) {
		/* Every other page is read-only. */
		res->route = "/other";
		goto not_allowed;
	}
	if (!strcmp(path, "/")) {
		res->route = "/";
		page_home(p, req, res);
		return 1;
	}
	if (!strncmp(path, "/voor/", 6)) {
		res->route = "/voor";
		for (size_t i = 0; i < NENTRIES; i++)
			if (!strcmp(path + 6, ENTRIES[i].slug)) {
				page_entry(p, &ENTRIES[i], req, res);
				return 1;
			}
		return 0;
	}
	static const struct {
		const char *path, *route;
		void (*fn)(lw_portal *, const lw_http_request *, lw_http_response *);
	} simple[] = {
	    {"/zoeken", "/zoeken", lw_page_search},
	    {"/loket", "/loket", lw_page_desk_find},
	    {"/loketten", "/loketten", lw_page_desks},
	    {"/vraag/ontvangen", "/vraag", lw_page_question_done},
	    {"/helpdesk", "/helpdesk", page_helpdesk},
	    {"/monitor", "/monitor", lw_page_monitor},
	};
	for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
		if (!strcmp(path, simple[i].path)) {
			res->route = simple[i].route;
			simple[i].fn(p, req, res);
			return 1;
		}
	const char *slash = strchr(path + 1, '/');
	if (slash && slash[1] && is_item_kind(path + 1, (size_t)(slash - path - 1))) {
		char kind[16];
		snprintf(kind, sizeof kind, "%.*s", (int)(slash - path - 1), path + 1);
		res->route = "/item";
		lw_page_item(p, kind, slash + 1, req, res);
		return 1;
	}
	return 0;

not_allowed:
	lw_http_problem(res, 405, "Methode niet toegestaan",
	                "Deze pagina kan alleen gelezen worden (GET of HEAD).");
	lw_http_add_header(res, "Allow", !strcmp(path, "/vraag") ? "GET, HEAD, POST" : "GET, HEAD");
	return 1;
}
