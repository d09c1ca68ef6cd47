package demo

import (
	"math/rand/v2"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// mentorTrades are a mentor's position and qualification by the OKED
// section of the enterprise: {kk, ru} pairs.
var mentorTrades = map[string]struct{ positions, qualifications []kr }{
	"A": {[]kr{{"Бас агроном", "Главный агроном"}, {"Бөлімше меңгерушісі", "Управляющий отделением"}},
		[]kr{{"Агроном", "Агроном"}, {"Инженер-механик", "Инженер-механик"}, {"Ветеринар дәрігер", "Ветеринарный врач"}}},
	"B": {[]kr{{"Учаске бастығы", "Начальник участка"}, {"Ауысым шебері", "Сменный мастер"}},
		[]kr{{"Тау-кен инженері", "Горный инженер"}, {"Инженер-механик", "Инженер-механик"}, {"Электромеханик", "Электромеханик"}}},
	"C": {[]kr{{"Учаске шебері", "Мастер участка"}, {"Цех технологы", "Технолог цеха"}, {"Бригадир", "Бригадир"}},
		[]kr{{"Инженер-технолог", "Инженер-технолог"}, {"6-разрядты жөндеуші слесарь", "Слесарь-ремонтник 6 разряда"},
			{"5-разрядты электрмен дәнекерлеуші", "Электросварщик 5 разряда"}, {"6-разрядты токарь", "Токарь 6 разряда"}}},
	"D": {[]kr{{"Ауысым бастығы", "Начальник смены"}, {"Аға инженер", "Старший инженер"}},
		[]kr{{"Энергетик инженер", "Инженер-энергетик"}, {"5-разрядты электр монтері", "Электромонтёр 5 разряда"}}},
	"E": {[]kr{{"Учаске шебері", "Мастер участка"}},
		[]kr{{"Эколог инженер", "Инженер-эколог"}, {"Апаттық-қалпына келтіру жұмыстарының слесарі", "Слесарь аварийно-восстановительных работ"}}},
	"F": {[]kr{{"Прораб", "Прораб"}, {"Учаске шебері", "Мастер участка"}},
		[]kr{{"Құрылыс инженері", "Инженер-строитель"}, {"5-разрядты тас қалаушы", "Каменщик 5 разряда"}, {"Сметашы инженер", "Инженер-сметчик"}}},
	"G": {[]kr{{"Дүкен меңгерушісі", "Заведующий магазином"}, {"Бөлім басшысы", "Руководитель отдела"}},
		[]kr{{"Тауартанушы", "Товаровед"}, {"Сату менеджері", "Менеджер по продажам"}, {"Бухгалтер", "Бухгалтер"}}},
	"H": {[]kr{{"Көлік цехының бастығы", "Начальник транспортного цеха"}, {"Механик", "Механик"}},
		[]kr{{"Автомеханик", "Автомеханик"}, {"Логист", "Логист"}, {"Көлікті пайдалану инженері", "Инженер по эксплуатации транспорта"}}},
	"I": {[]kr{{"Бас аспаз", "Шеф-повар"}, {"Басқарушы", "Управляющий"}},
		[]kr{{"Аспазшы-технолог", "Повар-технолог"}, {"Қонақ үй әкімшісі", "Администратор гостиницы"}}},
	"J": {[]kr{{"Топ жетекшісі", "Руководитель группы"}, {"Жетекші маман", "Ведущий специалист"}},
		[]kr{{"Бағдарламашы инженер", "Инженер-программист"}, {"Жүйелік әкімші", "Системный администратор"}, {"Желі инженері", "Сетевой инженер"}}},
	"K": {[]kr{{"Бөлім басшысы", "Руководитель отдела"}, {"Аға маман", "Старший специалист"}},
		[]kr{{"Экономист", "Экономист"}, {"Бухгалтер", "Бухгалтер"}}},
	"L": {[]kr{{"Бөлім басшысы", "Руководитель отдела"}}, []kr{{"Жылжымайтын мүлік менеджері", "Менеджер по недвижимости"}}},
	"M": {[]kr{{"Бас маман", "Главный специалист"}, {"Жоба жетекшісі", "Руководитель проекта"}},
		[]kr{{"Жобалаушы инженер", "Инженер-проектировщик"}, {"Заңгер", "Юрист"}, {"Дизайнер", "Дизайнер"}}},
	"N": {[]kr{{"Әкімшілік менеджері", "Офис-менеджер"}}, []kr{{"Кадр маманы", "Специалист по кадрам"}, {"Менеджер", "Менеджер"}}},
	"O": {[]kr{{"Бас маман", "Главный специалист"}}, []kr{{"Заңгер", "Юрист"}, {"Экономист", "Экономист"}}},
	"P": {[]kr{{"Мұғалім", "Учитель"}, {"Тәрбиеші", "Воспитатель"}, {"Әдіскер", "Методист"}},
		[]kr{{"Жоғары санатты педагог", "Педагог высшей категории"}, {"Педагог-зерттеуші", "Педагог-исследователь"}}},
	"Q": {[]kr{{"Аға мейіргер", "Старшая медицинская сестра"}, {"Бөлімше меңгерушісі", "Заведующий отделением"}, {"Дәрігер", "Врач"}},
		[]kr{{"Терапевт дәрігер", "Врач-терапевт"}, {"Жоғары санатты мейіргер", "Медицинская сестра высшей категории"}, {"Фельдшер", "Фельдшер"}}},
	"R": {[]kr{{"Көркемдік жетекші", "Художественный руководитель"}}, []kr{{"Суретші-дизайнер", "Художник-дизайнер"}, {"Дыбыс режиссері", "Звукорежиссёр"}}},
	"S": {[]kr{{"Салон шебері", "Мастер салона"}}, []kr{{"Шебер-шаштараз", "Мастер-парикмахер"}, {"Жөндеу шебері", "Мастер по ремонту"}}},
}

// femaleMentors is the share of women among the mentors of a section:
// teachers and nurses mostly, fitters and drivers seldom.
func femaleMentors(section string) float64 {
	switch section {
	case "P", "Q":
		return 0.8
	case "G", "I", "K", "L", "M", "N", "O", "S":
		return 0.55
	}
	return 0.2
}

// firmLanguage is the language an enterprise writes its papers in: Kazakh
// as often as the region's groups are taught in Kazakh, less in trade and
// industry. It is a property of the enterprise, drawn from its index.
func (p *plan) firmLanguage(ei int) string {
	t := p.regions[p.entInfo[ei].region].traits
	u := float64(splitmix64(uint64(p.seed)^0x1a96^uint64(ei)<<20)>>11) / (1 << 53)
	if u < t.kazakhGroups*0.8 {
		return domain.InstructionKazakh
	}
	return domain.InstructionRussian
}

// newMentor draws mentor mi of enterprise ei.
func (p *plan) newMentor(r *rand.Rand, ei int, mi int32) domain.Mentor {
	section := sections[p.entInfo[ei].section]
	lang := p.firmLanguage(ei)
	trade, ok := mentorTrades[section]
	if !ok {
		trade = mentorTrades["C"]
	}
	return domain.Mentor{
		ID:              int64(mi) + 1,
		EnterpriseID:    p.enterprises[ei].ID,
		Name:            p.personName(r, p.entInfo[ei].region, femaleMentors(section), 0.3).Full(),
		Position:        pickText(r, trade.positions, lang),
		Qualification:   pickText(r, trade.qualifications, lang),
		ExperienceYears: between(r, 3, 30),
		Phone:           phone(r),
		PayPerTrainee:   6000 + 500*between(r, 0, 4),
		CreatedAt:       at(date(p.yearStart, time.August, between(r, 1, 20)), between(r, 9, 17), r.IntN(60)),
	}
}

// personName draws the name of an adult of the region: the older
// generation of the north and east is more Russian-speaking (as for the
// teachers). russianBoost scales that share.
func (p *plan) personName(r *rand.Rand, region int, female, russianBoost float64) domain.PersonName {
	t := p.regions[region].traits
	sex := domain.Male
	if chance(r, female) {
		sex = domain.Female
	}
	l := names()
	if chance(r, min(0.85, t.russianNames*(1.4+russianBoost))) {
		return l.russianName(r, sex)
	}
	return l.kazakhName(r, sex, t.kazakhPatronymics)
}

// coordinator is the dual-training coordinator of a college, who approves
// its agreements.
func (p *plan) coordinator(ci int) string {
	r := newRand(p.seed, streamStaff+uint64(ci))
	return p.personName(r, p.collegeInfo[ci].region, 0.75, 0).Full()
}

// hrOfficer is the person at an enterprise who approves its agreements.
func (p *plan) hrOfficer(ei int) string {
	r := newRand(p.seed, streamStaff+1<<20+uint64(ei))
	return p.personName(r, p.entInfo[ei].region, 0.6, 0.3).Full()
}

// kazakhstan is the country's time zone (UTC+5 since March 2024): the data
// happens in office hours there and is stored in UTC.
var kazakhstan = time.FixedZone("UTC+5", 5*60*60)

// at is the instant of hour:minute on day in Kazakhstan.
func at(day time.Time, hour, minute int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, kazakhstan).UTC()
}
