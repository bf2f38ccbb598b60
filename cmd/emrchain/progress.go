package main

import (
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

// progressBar draws one line on a terminal, redrawn at most every redrawEvery.
type progressBar struct {
	w     io.Writer
	label string
	total int64 // 0 when unknown

	mu    sync.Mutex
	start time.Time
	last  time.Time
	done  int64
}

const (
	redrawEvery = 100 * time.Millisecond
	barWidth    = 30
)

// newProgress returns a bar on w, or nil (which draws nothing) when w is not a terminal.
func newProgress(w io.Writer, label string, total int64) *progressBar {
	if !isTerminal(w) {
		return nil
	}
	return &progressBar{w: w, label: label, total: total, start: time.Now()}
}

// set records done bytes; safe to call from the goroutine that does the work.
func (b *progressBar) set(done int64) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = done
	if time.Since(b.last) < redrawEvery {
		return
	}
	b.last = time.Now()
	b.draw()
}

func (b *progressBar) draw() {
	rate := float64(b.done) / time.Since(b.start).Seconds()
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

// finish draws the final state and ends the line.
func (b *progressBar) finish() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.draw()
	fmt.Fprintln(b.w)
}

// countingWriter reports bytes written to a progress bar.
type countingWriter struct {
	w   io.Writer
	n   int64
	bar *progressBar
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.bar.set(c.n)
	return n, err
}
