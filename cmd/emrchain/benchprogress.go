package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// benchProgress tells someone waiting on `emrchain bench` where it is: on a terminal, one line
// redrawn every second with the suite running, the time spent and an estimate of the time left;
// with --json, a JSON event on stderr as each suite starts and ends; otherwise (a CI log), a
// plain line as each suite starts and ends. The estimate comes from the durations of earlier
// runs on this machine, kept in the data directory.
type benchProgress struct {
	w       io.Writer
	mode    progressMode
	suites  []string // in the order they run
	history map[string]float64
	path    string // where the durations are kept; "" to keep none

	mu      sync.Mutex
	current int // index in suites of the running suite, -1 before the first
	started time.Time
	begun   time.Time
	stop    chan struct{}
	stopped chan struct{}
}

type progressMode int

const (
	progressLines progressMode = iota
	progressTerminal
	progressJSON
)

func newBenchProgress(w io.Writer, asJSON bool, suites []string, historyPath string) *benchProgress {
	p := &benchProgress{w: w, suites: suites, history: map[string]float64{}, path: historyPath, current: -1, begun: time.Now()}
	switch {
	case asJSON:
		p.mode = progressJSON
	case isTerminal(w):
		p.mode = progressTerminal
	}
	if b, err := os.ReadFile(historyPath); err == nil {
		_ = json.Unmarshal(b, &p.history) // a damaged history only costs the estimate
	}
	if p.mode == progressTerminal {
		p.stop, p.stopped = make(chan struct{}), make(chan struct{})
		go p.redraw()
	}
	return p
}

// start is bench.Run's progress callback: suite name is starting, so the one before has ended.
func (p *benchProgress) start(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endCurrent()
	for i, s := range p.suites {
		if s == name {
			p.current = i
		}
	}
	p.started = time.Now()
	switch p.mode {
	case progressJSON:
		p.event("started", name, 0)
	case progressLines:
		fmt.Fprintf(p.w, "running %s benchmarks (%d of %d%s)…\n", name, p.current+1, len(p.suites), p.leftText(0))
	}
}

// finish ends the last suite, clears the terminal's line and saves the durations.
func (p *benchProgress) finish() {
	if p.stop != nil {
		close(p.stop)
		<-p.stopped
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endCurrent()
	if p.path != "" {
		if b, err := json.Marshal(p.history); err == nil {
			_ = os.MkdirAll(filepath.Dir(p.path), 0o700)
			_ = os.WriteFile(p.path, b, 0o600)
		}
	}
}

// endCurrent records the running suite's duration and says it ended; p.mu is held.
func (p *benchProgress) endCurrent() {
	if p.current < 0 || p.started.IsZero() {
		return
	}
	name, took := p.suites[p.current], time.Since(p.started)
	p.history[name] = took.Seconds()
	p.started = time.Time{}
	switch p.mode {
	case progressJSON:
		p.event("finished", name, took)
	case progressTerminal:
		fmt.Fprintf(p.w, "\r\033[K%s benchmarks done in %s (%d of %d)\n", name, roundDuration(took), p.current+1, len(p.suites))
	default:
		fmt.Fprintf(p.w, "%s benchmarks done in %s\n", name, roundDuration(took))
	}
}

// left estimates the time the remaining suites take, given that the running one has run for
// elapsed; ok is false when some suite has never run here.
func (p *benchProgress) left(elapsed time.Duration) (time.Duration, bool) {
	var total float64
	for i := max(p.current, 0); i < len(p.suites); i++ {
		d, ok := p.history[p.suites[i]]
		if !ok {
			return 0, false
		}
		if i == p.current {
			d = max(0, d-elapsed.Seconds())
		}
		total += d
	}
	return time.Duration(total * float64(time.Second)), true
}

func (p *benchProgress) leftText(elapsed time.Duration) string {
	d, ok := p.left(elapsed)
	if !ok {
		return ""
	}
	return "; about " + roundDuration(d) + " left"
}

func (p *benchProgress) event(what, name string, took time.Duration) {
	ev := map[string]any{"event": "bench", "suite": name, "state": what, "number": p.current + 1, "of": len(p.suites),
		"elapsedSeconds": time.Since(p.begun).Seconds()}
	if what == "finished" {
		ev["suiteSeconds"] = took.Seconds()
	}
	if d, ok := p.left(took); ok {
		ev["estimatedSecondsLeft"] = d.Seconds()
	}
	line, _ := json.Marshal(ev)
	fmt.Fprintf(p.w, "%s\n", line)
}

var spinner = []string{"|", "/", "-", "\\"}

func (p *benchProgress) redraw() {
	defer close(p.stopped)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; ; i++ {
		p.mu.Lock()
		if p.current >= 0 && !p.started.IsZero() {
			elapsed := time.Since(p.started)
			line := fmt.Sprintf("%s %s benchmarks (%d of %d), %s%s", spinner[i%len(spinner)], p.suites[p.current],
				p.current+1, len(p.suites), roundDuration(elapsed), p.leftText(elapsed))
			fmt.Fprintf(p.w, "\r\033[K%s", line)
		}
		p.mu.Unlock()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

// roundDuration writes a duration to the second: 4m5s, 12s.
func roundDuration(d time.Duration) string {
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	return s
}
