//go:build !linux

package match

// adviseHuge does nothing where transparent huge pages are not known.
func adviseHuge(b []byte) {}
