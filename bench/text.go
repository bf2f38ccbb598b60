package bench

import (
	"fmt"
	"io"

	"github.com/emrchain/emrchain/internal/texttable"
)

// WriteText renders measurements grouped by section for a terminal width columns wide (0: any
// width, which is Write's table). Where a section is too wide, its reference and note move
// under their row and long measurement names wrap, so nothing is cut.
func WriteText(w io.Writer, rows []Measurement, width int) error {
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].Section == rows[start].Section {
			end++
		}
		t := texttable.Table{Columns: []texttable.Column{
			{Name: "measurement", Wrap: true}, {Name: "ours", Right: true}, {Name: "goal"}, {Name: "met"},
			{Name: "reference", Fold: true}, {Name: "note", Fold: true},
		}}
		for _, r := range rows[start:end] {
			if r.Failed != "" {
				t.Rows = append(t.Rows, []string{r.Name, "FAILED", "", "", "", r.Failed})
				continue
			}
			t.Rows = append(t.Rows, []string{r.Name, formatValue(r.Value, r.Unit), r.Goal, metString(r.GoalMet), r.Reference, r.Ratio})
		}
		if _, err := fmt.Fprintf(w, "\n== %s ==\n", rows[start].Section); err != nil {
			return err
		}
		if err := t.Write(w, width); err != nil {
			return err
		}
		start = end
	}
	return nil
}
