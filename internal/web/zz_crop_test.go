package web_test

import (
	"image"
	"image/png"
	"os"
	"strconv"
	"testing"
)

func TestZZCrop(t *testing.T) {
	f, _ := os.Open(os.Getenv("CROP_IN"))
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	y0, _ := strconv.Atoi(os.Getenv("CROP_Y"))
	h, _ := strconv.Atoi(os.Getenv("CROP_H"))
	b := im.Bounds()
	sub := im.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(0, y0, b.Dx(), min(y0+h, b.Dy())))
	o, _ := os.Create(os.Getenv("CROP_OUT"))
	png.Encode(o, sub)
	o.Close()
}
