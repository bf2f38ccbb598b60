package remote_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
	"github.com/emrchain/emrchain/storage/storagetest"
)

// The remote client passes the same conformance suite as the stores it fronts.
func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		dir := t.TempDir()
		st, err := embedded.Open(dir, embedded.NoSync())
		if err != nil {
			t.Fatal(err)
		}
		srv, err := remote.Serve(st, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close(); st.Close() })
		c, err := remote.FromDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		return c
	})
}

// A serving process that returns other bytes than asked for is caught.
func TestLyingServerIsAnIntegrityError(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	good, err := st.Put(ctx, strings.NewReader("the record"))
	if err != nil {
		t.Fatal(err)
	}
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "another record")
	}))
	defer liar.Close()
	c, err := remote.Dial(liar.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(ctx, good); !errors.Is(err, storage.ErrIntegrity) {
		t.Fatalf("got %v, want ErrIntegrity", err)
	}
	if _, err := remote.Dial("http://192.0.2.1:5001"); err == nil {
		t.Fatal("a non-loopback endpoint was accepted")
	}
}
