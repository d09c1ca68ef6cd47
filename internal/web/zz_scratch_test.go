package web_test

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

func TestZZScratchShots(t *testing.T) {
	base := "http://127.0.0.1:18088"
	b := newTab(t, startChromium(t), base)
	b.dir = "/tmp/s7an"
	b.open("/signin?next=/analytics")
	b.do("login", chromedp.SendKeys(chromedp.CSS("#login"), os.Getenv("SCR_LOGIN")), chromedp.SendKeys(chromedp.CSS("#password"), "Demo-2026-dualtrack"))
	b.navigate("sign in", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.open(os.Getenv("SCR_PATH"))
	b.screenshot("desk.png")
	b.do("phone", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateTouch))
	b.open(os.Getenv("SCR_PATH"))
	b.fitsWidth("phone")
	b.screenshot("phone.png")
}
