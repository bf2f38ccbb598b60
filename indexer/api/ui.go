package api

import (
	"embed"
	"io/fs"
	"net/http"
)

// The read-only timeline page: static files that sign in (a wallet's personal_sign, or a token
// handed over in the URL fragment) and render the JSON API's timeline.
//
//go:embed ui/index.html ui/app.js ui/style.css
var uiFiles embed.FS

func uiHandler() http.Handler {
	sub, err := fs.Sub(uiFiles, "ui")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	files := http.StripPrefix("/ui/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Only this origin's own files may run or be fetched, so an entry's text can never
		// become script even if a bug wrote it as HTML.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		files.ServeHTTP(w, r)
	})
}

func (s *server) me(w http.ResponseWriter, r *http.Request) {
	who, err := s.caller(r)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"address": who.Hex()})
}
