package refdata

import (
	"fmt"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// GuidanceItems returns the 60 items of the O*NET® Interest Profiler Short
// Form™ (© U.S. Department of Labor, Employment and Training
// Administration; O*NET is a trademark of DOL/ETA) with the English text
// of the instrument and dualtrack's own Kazakh and Russian texts
// (data/onet_ip_short_form_items.csv; SOURCES.md), in the order of the
// test (domain.ItemAtPosition).
func GuidanceItems() []domain.GuidanceItem {
	byIndex := make([]domain.GuidanceItem, domain.GuidanceItems)
	seen := 0
	for _, row := range table("onet_ip_short_form_items.csv") {
		i, ok := domain.ItemIndex(row["item_id"])
		if !ok || string(row["item_id"][0]) != row["riasec_code"] {
			panic(fmt.Sprintf("refdata: guidance item %q is not an item of the instrument", row["item_id"]))
		}
		byIndex[i] = domain.GuidanceItem{ID: row["item_id"], Area: domain.Area(row["riasec_code"][0]),
			Text: domain.Names{KK: row["text_kk"], RU: row["text_ru"], EN: row["text_en"]}, Position: domain.PositionOfItem(i)}
		seen++
	}
	if seen != domain.GuidanceItems {
		panic(fmt.Sprintf("refdata: %d guidance items, want %d", seen, domain.GuidanceItems))
	}
	out := make([]domain.GuidanceItem, domain.GuidanceItems)
	for _, it := range byIndex {
		out[it.Position] = it
	}
	return out
}

// GuidanceProfiles returns the interest profile of every row of the
// shipped classifier: its ISCO-08 unit group (data/guidance_classifier_isco.csv)
// and that group's RIASEC code (data/guidance_isco_riasec.csv), each with
// the reason written beside it.
func GuidanceProfiles() []domain.GuidanceProfile {
	type interest struct{ code, why string }
	byISCO := map[string]interest{}
	for _, row := range table("guidance_isco_riasec.csv") {
		byISCO[row["isco_code"]] = interest{row["interest_code"], row["rationale"]}
	}
	var out []domain.GuidanceProfile
	for _, row := range table("guidance_classifier_isco.csv") {
		in, ok := byISCO[row["isco_code"]]
		if !ok {
			panic(fmt.Sprintf("refdata: ISCO-08 group %s of %s has no interest code", row["isco_code"], row["code"]))
		}
		out = append(out, domain.GuidanceProfile{Code: row["code"], ISCOCode: row["isco_code"], ISCOTitle: row["isco_title_en"],
			Interest: in.code, Rationale: row["rationale"], ISCORationale: in.why})
	}
	return out
}
