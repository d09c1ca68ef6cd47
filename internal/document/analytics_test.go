package document_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/document"
	"github.com/dualtrack/dualtrack/internal/domain"
	"github.com/dualtrack/dualtrack/internal/i18n"
)

// regionDashboard is a region's dashboard of state-funded students with
// the given number of colleges, as the store would answer it.
func regionDashboard(colleges int) domain.Dashboard {
	d := domain.Dashboard{Level: domain.LevelRegion, Year: 2025, Filter: domain.AnalyticsFilter{RegionID: 75, Year: 2025,
		Funding: domain.FundingState}, AsOf: time.Date(2026, 3, 2, 4, 30, 0, 0, time.UTC)}
	d.Tiles = []domain.Tile{
		{Key: domain.TileStudents, Value: 12345, Available: true, Definition: domain.DefinitionKeyPrefix + domain.TileStudents,
			Official: &domain.OfficialFigure{Indicator: "students_total", Period: "2024-2025", Value: 54.2, Unit: "thousand persons",
				Source: "https://stat.gov.kz/a ; https://stat.gov.kz/b", Publisher: "Bureau of National Statistics (BNS)"}},
		{Key: domain.TileEmploymentRate, Value: 58, Of: 100, Rate: 0.58, IsRate: true, Available: true,
			Definition: domain.DefinitionKeyPrefix + domain.TileEmploymentRate},
		{Key: domain.TilePartnerCountries, Value: 3, Available: true, Definition: domain.DefinitionKeyPrefix + domain.TilePartnerCountries},
	}
	for i, key := range domain.FunnelKeys {
		d.Funnel = append(d.Funnel, domain.FunnelStep{Key: key, Count: int64(600 - 100*i)})
	}
	for i := range colleges {
		d.Areas = append(d.Areas, domain.AreaFigures{ID: int64(i + 1), Names: domain.Names{
			KK: fmt.Sprintf("Әлихан Бөкейхан атындағы №%d колледж", i+1), RU: fmt.Sprintf("Колледж №%d имени Алихана Букейхана", i+1)},
			Students: int64(100 + i), DualStudents: int64(40 + i), Graduates: 10, Employed: 7})
	}
	return d
}

// TestAnalyticsPDF: the report prints the area, the year, the figures with
// the published ones beside, the funnel, the colleges and the filters, in
// Kazakh and in Russian; it runs over pages with the page count, gives the
// same bytes for the same figures, and refuses another language.
func TestAnalyticsPDF(t *testing.T) {
	for _, c := range []struct {
		lang, area string
		want       []string
	}{
		{"kk", "Алматы қаласы", []string{"Талдамалық есеп: Алматы қаласы", "2025–2026", "02.03.2026 09:30", "12 345", "54,2 мың", "2024-2025",
			"Ұлттық статистика бюросы", "https://stat.gov.kz/a", "58% (100 ішінен 58)", "Әлихан Бөкейхан атындағы №17 колледж",
			"Қаржыландыру: Мемлекеттік білім беру тапсырысы", "500 · 83,3%"}},
		{"ru", "г. Алматы", []string{"Аналитический отчёт: г. Алматы", "12 345", "54,2 тыс.", "58% (58 из 100)",
			"Колледж №17 имени Алихана Букейхана", "Страница 2 из"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			var b bytes.Buffer
			r := document.AnalyticsReport{Dashboard: regionDashboard(40), Area: c.area}
			if err := document.AnalyticsPDF(&b, r, c.lang, i18n.For(c.lang)); err != nil {
				t.Fatal(err)
			}
			pdf := readPDF(t, b.Bytes())
			pages := pdf.text(t)
			if len(pages) < 2 {
				t.Fatalf("%d page for 40 colleges", len(pages))
			}
			expectText(t, pages, c.want...)
			// Every Kazakh letter printed has its glyph in an embedded font.
			fonts := pdf.unicodeFonts(t)
			for _, r := range "ӘҒҚҢӨҰҮҺІәғқңөұүһі" {
				if !bytes.ContainsRune([]byte(pages[0]), r) {
					continue
				}
				found := false
				for _, font := range fonts {
					found = found || font.glyph(r) != 0
				}
				if !found {
					t.Errorf("no embedded font prints %c", r)
				}
			}
			var again bytes.Buffer
			if err := document.AnalyticsPDF(&again, r, c.lang, i18n.For(c.lang)); err != nil || !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Errorf("the same figures printed differently (%v)", err)
			}
		})
	}
	// A college's: its students by qualification.
	d := domain.Dashboard{Level: domain.LevelCollege, Year: 2025, AsOf: time.Date(2026, 3, 2, 4, 30, 0, 0, time.UTC),
		Qualifications: []domain.QualificationFigures{{Code: "4S06130103", Names: domain.Names{RU: "Разработчик программного обеспечения"},
			Students: 25, DualStudents: 11}}}
	var b bytes.Buffer
	if err := document.AnalyticsPDF(&b, document.AnalyticsReport{Dashboard: d, Area: "Колледж"}, "ru", i18n.For("ru")); err != nil {
		t.Fatal(err)
	}
	expectText(t, readPDF(t, b.Bytes()).text(t), "Обучающиеся по квалификациям", "4S06130103 Разработчик программного обеспечения",
		"Обучающиеся по дуальной системе по квалификациям")

	err := document.AnalyticsPDF(&b, document.AnalyticsReport{Dashboard: d}, "de", i18n.For("de"))
	if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != "lang" {
		t.Fatalf("a report in German: %v", err)
	}
}
