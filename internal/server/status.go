package server

import (
	"net/http"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// Status is the one place where a domain error code becomes an HTTP
// status. Anything without a known code is a 500.
func Status(err error) int {
	switch domain.ErrorCode(err) {
	case "":
		return http.StatusOK
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	case domain.ETOOMANY:
		return http.StatusTooManyRequests
	case domain.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
