// Package texttable lays out a table of text for a terminal of a given width. Columns that do
// not fit are folded: printed under their row as "name: value" lines instead of beside it, so
// a narrow terminal loses no information and a wide one keeps one line per row.
package texttable

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Column describes one column.
type Column struct {
	Name  string
	Short string // the header when the table is narrowed (and a folded cell's label), if set
	Right bool   // align right (numbers)
	// Fold marks a column that may move under its row when the table is wider than asked,
	// the rightmost such column first; columns without it always stay in the row.
	Fold bool
	// Drop marks a column left out altogether when the table is wider than asked (before any
	// column is folded): detail that a wide table or another format carries.
	Drop bool
	// Wrap marks the column (the first so marked) whose cells wrap onto more lines when the
	// row is still too wide after dropping and folding: a long name rather than a number.
	Wrap bool
}

// minWrap is the narrowest a Wrap column is made.
const minWrap = 20

// Table is a header and rows of cells, one cell per column.
type Table struct {
	Columns []Column
	Rows    [][]string
}

// gap is the space between two columns.
const gap = 2

// indent is where a folded cell starts under its row.
const indent = 4

// Write prints the table within width columns where it can: with every column in the row when
// that fits (or width is 0), otherwise with as many Fold columns as it takes (the rightmost
// first) under each row, wrapped at spaces, after leaving out the Drop columns. A row's empty
// cells are not printed folded.
func (t *Table) Write(w io.Writer, width int) error {
	all := make([]int, len(t.Columns))
	for i := range t.Columns {
		all[i] = i
	}
	inRow, folded := all, []int(nil)
	narrowed := false
	if width > 0 && t.lineWidth(inRow, false) > width {
		for k, c := range t.Columns {
			if c.Drop {
				inRow = removeCol(inRow, k)
				narrowed = true
			}
		}
	}
	for k := len(t.Columns) - 1; k >= 0 && width > 0 && t.lineWidth(inRow, narrowed) > width; k-- {
		if !t.Columns[k].Fold {
			continue
		}
		inRow = removeCol(inRow, k)
		folded = append([]int{k}, folded...)
		narrowed = true
	}
	widths := t.widths(inRow, narrowed)
	wrapAt := -1 // the position in inRow of the column that wraps
	if over := t.lineWidth(inRow, narrowed) - width; width > 0 && over > 0 {
		for k, i := range inRow {
			if t.Columns[i].Wrap {
				wrapAt = k
				widths[k] = max(minWrap, widths[k]-over, utf8.RuneCountInString(t.Columns[i].header(narrowed)))
				break
			}
		}
	}
	var b strings.Builder
	header := make([]string, len(inRow))
	for k, i := range inRow {
		header[k] = t.Columns[i].header(narrowed)
	}
	b.WriteString(t.line(inRow, widths, header))
	for _, row := range t.Rows {
		cells := make([]string, len(inRow))
		for k, i := range inRow {
			cells[k] = cell(row, i)
		}
		var more []string // the wrapping cell's further lines
		if wrapAt >= 0 {
			parts := strings.Split(strings.TrimSuffix(Wrap("", cells[wrapAt], 0, widths[wrapAt]), "\n"), "\n")
			cells[wrapAt], more = parts[0], parts[1:]
		}
		b.WriteString(t.line(inRow, widths, cells))
		for _, m := range more {
			blank := make([]string, len(inRow))
			blank[wrapAt] = m
			b.WriteString(t.line(inRow, widths, blank))
		}
		for _, i := range folded {
			if v := cell(row, i); v != "" {
				label := t.Columns[i].header(true)
				b.WriteString(Wrap(strings.Repeat(" ", indent), label+": "+v, indent+utf8.RuneCountInString(label)+2, width))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func removeCol(cols []int, c int) []int {
	out := make([]int, 0, len(cols))
	for _, i := range cols {
		if i != c {
			out = append(out, i)
		}
	}
	return out
}

func cell(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func (c Column) header(narrowed bool) string {
	if narrowed && c.Short != "" {
		return c.Short
	}
	return c.Name
}

func (t *Table) widths(cols []int, narrowed bool) []int {
	widths := make([]int, len(cols))
	for k, i := range cols {
		widths[k] = utf8.RuneCountInString(t.Columns[i].header(narrowed))
		for _, row := range t.Rows {
			widths[k] = max(widths[k], utf8.RuneCountInString(cell(row, i)))
		}
	}
	return widths
}

// lineWidth is how wide a line of these columns is.
func (t *Table) lineWidth(cols []int, narrowed bool) int {
	n := 0
	for _, w := range t.widths(cols, narrowed) {
		n += w + gap
	}
	return max(0, n-gap)
}

func (t *Table) line(cols, widths []int, cells []string) string {
	var b strings.Builder
	for k, i := range cols {
		pad := strings.Repeat(" ", max(0, widths[k]-utf8.RuneCountInString(cells[k])))
		last := k == len(cols)-1
		switch {
		case t.Columns[i].Right:
			b.WriteString(pad + cells[k])
		case last:
			b.WriteString(cells[k])
		default:
			b.WriteString(cells[k] + pad)
		}
		if !last {
			b.WriteString(strings.Repeat(" ", gap))
		}
	}
	return strings.TrimRight(b.String(), " ") + "\n"
}

// Wrap writes prefix, then text broken at spaces into lines of at most width columns (0: no
// limit), the lines after the first indented by hang; it ends with a newline. A word wider than
// the room (a long hash) stays whole, and where it is: breaking the line before it would not make
// it fit.
func Wrap(prefix, text string, hang, width int) string {
	var b strings.Builder
	b.WriteString(prefix)
	col := utf8.RuneCountInString(prefix)
	for i, word := range strings.Fields(text) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case width > 0 && col+1+n > width && hang+n <= width:
			b.WriteString("\n" + strings.Repeat(" ", hang))
			col = hang
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	b.WriteByte('\n')
	return b.String()
}
