package clientutil_test

import (
	"errors"
	"testing"

	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/jsonx"
)

type body struct{ Name *string }

func (b body) Validate() error {
	if b.Name == nil {
		return jsonx.MissingField("name")
	}
	return nil
}

func TestValidate(t *testing.T) {
	name := "x"
	tests := []struct {
		body    any
		wantErr string
	}{
		{body{}, "core: Things.Create: missing required field name"},
		{body{Name: &name}, ""},
		{struct{}{}, ""}, // no required fields: no Validate method
		{nil, ""},
	}
	for _, tt := range tests {
		err := clientutil.Validate("core", "Things.Create", tt.body)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("Validate(%+v) = %v, want nil", tt.body, err)
			}
			continue
		}
		var missing *jsonx.MissingFieldError
		if err == nil || err.Error() != tt.wantErr || !errors.As(err, &missing) || missing.Field != "name" {
			t.Errorf("Validate(%+v) = %v, want %q wrapping a *jsonx.MissingFieldError", tt.body, err, tt.wantErr)
		}
	}
}
