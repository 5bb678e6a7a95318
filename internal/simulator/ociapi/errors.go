package ociapi

import (
	"encoding/json"
	"net/http"
)

// apiError is an error answered in OCI's format:
// {"code": "...", "message": "..."} with the matching HTTP status.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// notFoundMessage is what OCI says for a missing resource and for one the
// caller may not see: the two are deliberately indistinguishable.
const notFoundMessage = "Authorization failed or requested resource not found."

func errNotFound() *apiError {
	return &apiError{Status: http.StatusNotFound, Code: "NotAuthorizedOrNotFound", Message: notFoundMessage}
}

func errNotAuthenticated(reason string) *apiError {
	return &apiError{Status: http.StatusUnauthorized, Code: "NotAuthenticated", Message: "The required information to complete authentication was not provided or was incorrect: " + reason}
}

func errInvalidParameter(message string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "InvalidParameter", Message: message}
}

func errMissingParameter(name string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "MissingParameter", Message: "Missing parameter: " + name + "."}
}

func errConflict(message string) *apiError {
	return &apiError{Status: http.StatusConflict, Code: "IncorrectState", Message: message}
}

func errTooManyRequests() *apiError {
	return &apiError{Status: http.StatusTooManyRequests, Code: "TooManyRequests", Message: "Too many requests for the tenancy."}
}

func errInternal() *apiError {
	return &apiError{Status: http.StatusInternalServerError, Code: "InternalServerError", Message: "Internal error occurred (injected by the simulator)."}
}

// writeJSON answers status with body encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status line is out; a client that went away is all that can
	// fail here, and it cannot be told.
	_ = json.NewEncoder(w).Encode(body)
}

// writeError answers an API error.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, e)
}
