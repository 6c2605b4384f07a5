package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseSignature checks that parsing any header value neither panics
// nor accepts a digest of the wrong size, and classifies every failure.
func FuzzParseSignature(f *testing.F) {
	for _, s := range []string{
		"", " ", "sha256=", "sha1=", "=", "==", "sha256==",
		Sign("k", []byte("body")), SignSHA1("k", []byte("body")),
		"sha256=" + string(bytes.Repeat([]byte("a"), 64)), string(bytes.Repeat([]byte("F"), 40)),
		"SHA256=zz", "sha256=\x00\xff", "sha512=00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for _, alg := range []algorithm{algSHA256, algSHA1} {
			sum, err := parseSignature(value, alg)
			if err != nil {
				if sum != nil {
					t.Fatalf("parseSignature(%q) returned %x with error %v", value, sum, err)
				}
				if !errors.Is(err, ErrMissingSignature) && !errors.Is(err, ErrInvalidSignature) {
					t.Fatalf("parseSignature(%q): unclassified error %v", value, err)
				}
				continue
			}
			if len(sum) != alg.size() {
				t.Fatalf("parseSignature(%q) = %d bytes, want %d", value, len(sum), alg.size())
			}
		}
	})
}

// FuzzVerify checks that verification never panics, that a body always
// verifies under its own signature, and that an arbitrary header verifies
// only if it is that signature.
func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"type":"/shipment#created"}`), "sekrit", "sha256=00")
	f.Add([]byte{}, "k", "")
	f.Add([]byte{0xff, 0x00}, "", "sha1=abcd")
	f.Fuzz(func(t *testing.T, body []byte, secret, header string) {
		h := http.Header{}
		h.Set(SignatureHeader, header)
		h.Set(LegacySignatureHeader, header)
		err := VerifyAllowSHA1(body, h, secret)
		if err == nil && secret == "" {
			t.Fatal("verified with no secret")
		}
		if secret == "" {
			return
		}
		good := http.Header{SignatureHeader: {Sign(secret, body)}}
		if err := Verify(body, good, secret); err != nil {
			t.Fatalf("own signature rejected: %v", err)
		}
		if err := Verify(body, h, secret); err == nil {
			want, _ := parseSignature(Sign(secret, body), algSHA256)
			got, _ := parseSignature(header, algSHA256)
			if !bytes.Equal(got, want) {
				t.Fatalf("header %q accepted but is not the signature", header)
			}
		}
	})
}

// FuzzParseEvent checks that decoding any body, and then every accessor on
// the result, never panics, and that failures are classified.
func FuzzParseEvent(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"type":1}`, `{"type":"/x#y","data":null}`,
		`{"type":"/x#y","data":{"resource":{"_object":"/shipment_leg","id":"x"}}}`,
		`{"type":"/x#y","data":{"_object":"/shipment_event_data","resource":[]}}`,
		`{"type":"/x#y","data":{"resource":{"_object":"/invoice"}}}`,
		`{"type":"/x#y","created_at":"2019-13-45"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := ParseEvent(body)
		if err != nil {
			var pe *PayloadError
			if !errors.As(err, &pe) || !errors.Is(err, ErrMalformedPayload) || ev != nil {
				t.Fatalf("ParseEvent: unclassified failure (%v, %v)", ev, err)
			}
			return
		}
		if ev.Type == "" {
			t.Fatal("accepted an event without a type")
		}
		_ = ev.Group()
		_ = ev.Type.Known()
		_ = ev.DataObject()
		var anyData any
		checkData(t, ev.DecodeData(&anyData))
		if d, err := ev.ShipmentData(); err == nil {
			r := d.Resource
			for _, get := range []func() error{
				func() error { _, err := r.Shipment(); return err },
				func() error { _, err := r.ShipmentLeg(); return err },
				func() error { _, err := r.ContainerLeg(); return err },
				func() error { _, err := r.Container(); return err },
			} {
				checkData(t, get())
			}
		} else {
			checkData(t, err)
		}
		_, err = ev.Invoice()
		checkData(t, err)
		_, err = ev.Document()
		checkData(t, err)
		_, err = ev.PurchaseOrder()
		checkData(t, err)
		if len(ev.Data) > 0 && !json.Valid(ev.Data) {
			t.Fatalf("Data is not valid JSON: %q", ev.Data)
		}
	})
}

// checkData fails unless err is nil or matches ErrUnexpectedData.
func checkData(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, ErrUnexpectedData) {
		t.Fatalf("accessor error %v does not match ErrUnexpectedData", err)
	}
}
