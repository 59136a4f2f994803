package matrix

import (
	"bytes"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestHTMLInChromium opens the page in headless Chromium (when installed)
// and looks at the pixels: the grid shows the three status colours, no
// findings panel shows before a click, and following a cell's link (what a
// click does) shows its panel, whose border colour appears only then.
func TestHTMLInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil || testing.Short() {
		t.Skip("chromium is not installed (apt-get install chromium) or -short")
	}
	m, _ := fixture(t, 1)
	dir := t.TempDir()
	page := filepath.Join(dir, "matrix.html")
	var buf bytes.Buffer
	if err := HTML(&buf, []*Matrix{m}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shoot := func(name, fragment string) map[color.RGBA]int {
		t.Helper()
		out := filepath.Join(dir, name)
		cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
			"--force-device-scale-factor=1", "--window-size=1000,800", "--screenshot="+out, "file://"+page+fragment)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, msg)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[color.RGBA]int{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				counts[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}]++
			}
		}
		return counts
	}
	var (
		compatible = color.RGBA{0xda, 0xfb, 0xe1, 255}
		warnings   = color.RGBA{0xff, 0xf8, 0xc5, 255}
		breaking   = color.RGBA{0xff, 0xd8, 0xd3, 255}
		panel      = color.RGBA{0x09, 0x69, 0xda, 255}
	)
	before := shoot("before.png", "")
	for name, c := range map[string]color.RGBA{"compatible": compatible, "warnings": warnings, "breaking": breaking} {
		// A cell is about 130×45 pixels; the legend alone is far smaller.
		if before[c] < 3000 {
			t.Errorf("%s colour covers %d pixels, want a cell's worth", name, before[c])
		}
	}
	if before[panel] > 0 {
		t.Errorf("a findings panel shows before any click (%d pixels)", before[panel])
	}
	after := shoot("after.png", "#m0-r0-c1")
	if after[panel] < 500 {
		t.Errorf("clicking ios 1 × v2 shows no findings panel (%d border pixels)", after[panel])
	}
}
