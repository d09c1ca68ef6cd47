package refdata

import "testing"

func TestReferenceData(t *testing.T) {
	regions := Regions()
	if len(regions) != 20 {
		t.Fatalf("want 20 regions, got %d", len(regions))
	}
	pop := 0
	for _, r := range regions {
		pop += r.Population
		if r.Name.KK == "" || r.Name.RU == "" || r.Name.EN == "" || r.Centre.RU == "" {
			t.Errorf("region %s lacks a name: %+v", r.ISO, r)
		}
	}
	if pop != 19_765_004 {
		t.Errorf("regions should sum to the national population 19,765,004, got %d", pop)
	}
	cities := Cities()
	if len(cities) != 89 {
		t.Fatalf("want 89 cities, got %d", len(cities))
	}
	for _, c := range cities {
		if c.RegionID == 0 || c.Name.RU == "" || c.Name.KK == "" || c.Name.EN == "" {
			t.Errorf("city %d incomplete: %+v", c.ID, c)
		}
	}
	specs, quals := Classifier()
	if len(specs) != 70 || len(quals) != 32 {
		t.Errorf("classifier: want 70 specialties and 32 qualifications, got %d and %d", len(specs), len(quals))
	}
	for i := range specs {
		if err := specs[i].Validate(); err != nil {
			t.Errorf("specialty %s: %v", specs[i].Code, err)
		}
	}
	for i := range quals {
		if err := quals[i].Validate(); err != nil {
			t.Errorf("qualification %s: %v", quals[i].Code, err)
		}
	}
	if n := len(ISCEDFields()); n != 219 {
		t.Errorf("want 219 ISCED-F rows, got %d", n)
	}
}
