package texttable

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func sample() *Table {
	return &Table{
		Columns: []Column{{Name: "name"}, {Name: "gas", Right: true}, {Name: "note", Fold: true}},
		Rows: [][]string{
			{"register", "123456", "a long note that says a great deal about the row and goes on for a while"},
			{"grant", "42", ""},
		},
	}
}

func TestWideKeepsOneLinePerRow(t *testing.T) {
	var b strings.Builder
	if err := sample().Write(&b, 0); err != nil {
		t.Fatal(err)
	}
	want := "name         gas  note\n" +
		"register  123456  a long note that says a great deal about the row and goes on for a while\n" +
		"grant         42\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestNarrowFoldsUnderTheRow(t *testing.T) {
	var b strings.Builder
	if err := sample().Write(&b, 40); err != nil {
		t.Fatal(err)
	}
	want := "name         gas\n" +
		"register  123456\n" +
		"    note: a long note that says a great\n" +
		"          deal about the row and goes on\n" +
		"          for a while\n" +
		"grant         42\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if utf8.RuneCountInString(l) > 40 {
			t.Errorf("wider than 40: %q", l)
		}
	}
}

func TestFitsWithoutFolding(t *testing.T) {
	var b strings.Builder
	if err := sample().Write(&b, 200); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") != 3 {
		t.Fatalf("folded although it fits:\n%s", b.String())
	}
}

func TestFoldsOnlyWhatItMust(t *testing.T) {
	tb := &Table{
		Columns: []Column{{Name: "a"}, {Name: "b", Fold: true}, {Name: "c", Fold: true}},
		Rows:    [][]string{{"aaaa", "bbbb", "cccccccccccccccccccc"}},
	}
	var b strings.Builder
	if err := tb.Write(&b, 12); err != nil {
		t.Fatal(err)
	}
	want := "a     b\naaaa  bbbb\n    c: cccccccccccccccccccc\n"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestDropsBeforeFolding(t *testing.T) {
	tb := &Table{
		Columns: []Column{{Name: "a"}, {Name: "id", Drop: true}, {Name: "b", Fold: true}},
		Rows:    [][]string{{"aaaa", "0x1234", "bbbb"}},
	}
	var b strings.Builder
	if err := tb.Write(&b, 12); err != nil {
		t.Fatal(err)
	}
	if want := "a     b\naaaa  bbbb\n"; b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestWrapsALongName(t *testing.T) {
	tb := &Table{
		Columns: []Column{{Name: "measurement", Wrap: true}, {Name: "ours", Right: true}, {Name: "ref", Fold: true}},
		Rows: [][]string{
			{"a rather long measurement name that goes on", "1.5 ms", "paper"},
			{"short", "2 ms", ""},
		},
	}
	var b strings.Builder
	if err := tb.Write(&b, 32); err != nil {
		t.Fatal(err)
	}
	want := "measurement                 ours\n" +
		"a rather long             1.5 ms\n" +
		"measurement name that\n" +
		"goes on\n" +
		"    ref: paper\n" +
		"short                       2 ms\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}
