package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/mattn/go-isatty"
)

// isTerminal reports whether w is a terminal; progress bars and colours are only for people.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// progressBar reports how far a long transfer has got: one line redrawn on a terminal, or with
// --json one JSON object per line on stderr ({"event":"progress",...}), which tools can follow
// without parsing a bar. It draws nothing when stderr is neither (a nil *progressBar).
type progressBar struct {
	w     io.Writer
	label string
	step  string // names the transfer in JSON events: seal, verify, read
	json  bool
	total int64 // 0 when unknown

	mu    sync.Mutex
	start time.Time
	last  time.Time
	done  int64
}

const (
	redrawEvery = 100 * time.Millisecond
	// jsonEvery spaces JSON events out: a consumer wants a pulse, not a flood.
	jsonEvery = time.Second
	barWidth  = 30
)

// newProgress returns a bar on w, or nil (which draws nothing) when w is not a terminal.
func newProgress(w io.Writer, label string, total int64) *progressBar {
	if !isTerminal(w) {
		return nil
	}
	return &progressBar{w: w, label: label, total: total, start: time.Now()}
}

// progress returns the session's progress reporter for one transfer: JSON events with --json,
// a bar on a terminal, nothing otherwise.
func (s *session) progress(step, label string, total int64) *progressBar {
	if s.out.json {
		return &progressBar{w: s.stderr, label: label, step: step, json: true, total: total, start: time.Now()}
	}
	return newProgress(s.stderr, label, total)
}

// set records done bytes; safe to call from the goroutine that does the work.
func (b *progressBar) set(done int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = done
	every := redrawEvery
	if b.json {
		every = jsonEvery
	}
	if time.Since(b.last) < every {
		return
	}
	b.last = time.Now()
	b.draw(false)
}

// update records done bytes of total, for transfers whose size is only learnt once they start.
func (b *progressBar) update(done, total int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	b.total = total
	b.mu.Unlock()
	b.set(done)
}

func (b *progressBar) draw(final bool) {
	elapsed := time.Since(b.start)
	rate := float64(b.done) / elapsed.Seconds()
	if b.json {
		ev := progressEvent{Event: "progress", Step: b.step, Label: b.label, Done: b.done, Total: b.total,
			BytesPerSecond: int64(rate), ElapsedSeconds: elapsed.Seconds(), Final: final}
		if b.total > 0 {
			ev.Percent = min(100, float64(b.done)*100/float64(b.total))
		}
		line, _ := json.Marshal(ev)
		fmt.Fprintf(b.w, "%s\n", line)
		return
	}
	if b.total > 0 {
		frac := min(float64(b.done)/float64(b.total), 1)
		filled := int(frac * barWidth)
		fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f%% %s/%s %s/s ", b.label,
			strings.Repeat("=", filled), strings.Repeat(" ", barWidth-filled), frac*100,
			humanize.IBytes(uint64(b.done)), humanize.IBytes(uint64(b.total)), humanize.IBytes(uint64(rate)))
		return
	}
	fmt.Fprintf(b.w, "\r%s %s %s/s ", b.label, humanize.IBytes(uint64(b.done)), humanize.IBytes(uint64(rate)))
}

// progressEvent is one --json progress line.
type progressEvent struct {
	Event          string  `json:"event"`
	Step           string  `json:"step"`
	Label          string  `json:"label"`
	Done           int64   `json:"done"`
	Total          int64   `json:"total,omitempty"`
	Percent        float64 `json:"percent,omitempty"`
	BytesPerSecond int64   `json:"bytesPerSecond"`
	ElapsedSeconds float64 `json:"elapsedSeconds"`
	Final          bool    `json:"final,omitempty"`
}

// finish draws the final state and ends the line.
func (b *progressBar) finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw(true)
	if !b.json {
		fmt.Fprintln(b.w)
	}
}

// readProgress reports the bytes read through it.
type readProgress struct {
	r   io.Reader
	n   int64
	bar *progressBar
}

func (p *readProgress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	p.bar.set(p.n)
	return n, err
}
