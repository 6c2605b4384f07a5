package core

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/reqbody"
)

// DocumentContent is a document's file as Flexport serves it, streamed: read
// it and close it. Nothing is buffered, so a file of any size takes constant
// memory. The client's WithTimeout (default 2 minutes) bounds the whole
// download, reading included.
type DocumentContent struct {
	io.ReadCloser
	// ContentType is the file's media type (application/pdf, image/png, ...).
	ContentType string
	// ContentLength is the size in bytes, or -1 when Flexport does not say.
	ContentLength int64
}

// Download streams the file of document id (GET /documents/{id}/download).
func (s *DocumentsService) Download(ctx context.Context, id string, opts ...Option) (*DocumentContent, error) {
	if id == "" {
		return nil, clientutil.Invalid(apiID, "Documents.Download", errors.New("empty document id"))
	}
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	resp, err := s.c.send(ctx, co, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
		return s.c.api.DocumentsDownload(ctx, id, &coreapi.DocumentsDownloadParams{}, edit, acceptAnything)
	})
	if err != nil {
		return nil, err
	}
	return &DocumentContent{ReadCloser: resp.Body, ContentType: resp.Header.Get("Content-Type"), ContentLength: resp.ContentLength}, nil
}

func acceptAnything(_ context.Context, req *http.Request) error {
	req.Header.Set("Accept", "*/*")
	return nil
}

// UploadParams describes a document to upload with DocumentsService.Upload.
type UploadParams struct {
	// ShipmentID is the shipment the document belongs to. Required.
	ShipmentID int
	// FileName is the file's name, with its extension. Required.
	FileName string
	// MimeType is the file's RFC 6838 media type, e.g. application/pdf.
	// Required.
	MimeType string
	// DocumentType is Flexport's type for the document, e.g.
	// commercial_invoice. Required.
	DocumentType string
	// Memo is an optional note.
	Memo string
	// UserEmail is shown as the uploader; it defaults to the company admin.
	UserEmail string
}

func (p *UploadParams) validate() error {
	var missing []string
	if p.ShipmentID <= 0 {
		missing = append(missing, "ShipmentID")
	}
	if p.FileName == "" {
		missing = append(missing, "FileName")
	}
	if p.MimeType == "" {
		missing = append(missing, "MimeType")
	}
	if p.DocumentType == "" {
		missing = append(missing, "DocumentType")
	}
	if len(missing) > 0 {
		return clientutil.Invalid(apiID, "Documents.Upload", fmt.Errorf("missing %s", strings.Join(missing, ", ")))
	}
	return nil
}

// Upload attaches the file read from content to a shipment (POST
// /documents). Flexport takes the file base64-encoded inside a JSON body;
// Upload encodes it while sending, so the file is never held in memory.
//
// A content that is an io.Seeker can be sent again, so the upload may be
// retried (after a connection failure, a 429, or a 401 with a token source
// that can refresh); any other content is sent once. A retry starts only
// once the encoding of the attempt before has stopped reading content, so
// every attempt carries exactly the same bytes; if that cannot be ensured
// (the encoding is stuck in a Read of content for 10 seconds), the call fails
// instead. Upload does not read content after it returns, unless such a
// Read is still blocked then.
func (s *DocumentsService) Upload(ctx context.Context, p UploadParams, content io.Reader, opts ...Option) (*Document, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if content == nil {
		return nil, clientutil.Invalid(apiID, "Documents.Upload", errors.New("nil content"))
	}
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	head, err := uploadHead(&p)
	if err != nil {
		return nil, err
	}
	var rewind func() error
	if seeker, ok := content.(io.Seeker); ok {
		if start, err := seeker.Seek(0, io.SeekCurrent); err == nil {
			rewind = func() error {
				_, err := seeker.Seek(start, io.SeekStart)
				return err
			}
		}
	}
	body := reqbody.New(func(w io.Writer) error { return encodeUpload(w, head, content) }, rewind)
	defer body.Close()
	first := body.Body()
	resp, err := s.c.send(ctx, co, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
		replay := func(_ context.Context, req *http.Request) error {
			if body.Replayable() {
				req.GetBody = body.GetBody
			}
			return nil
		}
		return s.c.api.DocumentsCreateWithBody(ctx, &coreapi.DocumentsCreateParams{}, "application/json", first, edit, replay)
	})
	if err != nil {
		return nil, err
	}
	return decodeData[Document](s.c, co, resp)
}

// uploadHead is the JSON body up to the opening quote of the base64 content.
func uploadHead(p *UploadParams) ([]byte, error) {
	fields := struct {
		ShipmentID   int    `json:"shipment_id"`
		FileName     string `json:"file_name"`
		MimeType     string `json:"mime_type"`
		DocumentType string `json:"document_type"`
		Memo         string `json:"memo,omitempty"`
		UserEmail    string `json:"user_email,omitempty"`
	}{p.ShipmentID, p.FileName, p.MimeType, p.DocumentType, p.Memo, p.UserEmail}
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	return append(b[:len(b)-1], `,"document":"`...), nil
}

// encodeUpload writes head, base64(content) and the closing `"}` to w.
func encodeUpload(w io.Writer, head []byte, content io.Reader) error {
	if _, err := w.Write(head); err != nil {
		return err
	}
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := io.Copy(enc, content); err != nil {
		return fmt.Errorf("read content: %w", err)
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write([]byte(`"}`))
	return err
}
