package web

import "strconv"

// pager is the pagination of a list: "showing From–To of Total", previous
// and next, and a window of page numbers with gaps. Every link keeps the
// list's filters.
type pager struct {
	Total, From, To int
	Page, Pages     int
	Prev, Next      string // URLs; empty on the first or last page
	First           string // URL of page 1
	Links           []pageLink
	// BeyondEnd is set when the page asked for is past the last one (an old
	// bookmark, say): the list is empty although rows match.
	BeyondEnd bool
}

// pageLink is one entry of the page numbers; Gap stands for skipped pages.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// pagerWindow is how many pages either side of the current one are listed.
const pagerWindow = 2

// newPager paginates total rows in pages of size, on path with the list's
// canonical parameters p.
func newPager(path string, p params, page, size, total int) pager {
	pg := pager{Total: total, Page: page}
	if size > 0 {
		pg.Pages = (total + size - 1) / size
	}
	at := func(n int) string {
		if n <= 1 {
			return pageURL(path, p.with("page", "").Values)
		}
		return pageURL(path, p.with("page", strconv.Itoa(n)).Values)
	}
	pg.First = at(1)
	if total > 0 && page > pg.Pages {
		pg.BeyondEnd = true
		return pg
	}
	if total > 0 {
		pg.From = (page-1)*size + 1
		pg.To = min(page*size, total)
	}
	if page > 1 {
		pg.Prev = at(page - 1)
	}
	if page < pg.Pages {
		pg.Next = at(page + 1)
	}
	if pg.Pages <= 1 {
		return pg
	}
	// The first page, a window around the current one, and the last page;
	// visited in order without walking every page of a huge list.
	shown := []int{1}
	for n := max(2, page-pagerWindow); n <= min(pg.Pages-1, page+pagerWindow); n++ {
		shown = append(shown, n)
	}
	shown = append(shown, pg.Pages)
	last := 0
	for _, n := range shown {
		if last != 0 && n > last+1 {
			pg.Links = append(pg.Links, pageLink{Gap: true})
		}
		pg.Links = append(pg.Links, pageLink{Number: n, URL: at(n), Current: n == page})
		last = n
	}
	return pg
}
