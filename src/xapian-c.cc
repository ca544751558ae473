// SPDX-License-Identifier: GPL-2.0-or-later
// xapian-c.cc: the C API over libxapian; the only C++ file in Dossier.
//
// Each handle is a struct holding the Xapian object (most Xapian classes
// are themselves reference-counted handles, so copying them is cheap and
// shares state).  Every function is noexcept and runs its whole body inside
// try; the catch-all hands the live exception to translate(), the one place
// that maps C++ exceptions to error codes.

#include "config.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "xapian-c.h"

using Xapian::Internal::opt_intrusive_ptr;

static_assert(sizeof(Xapian::docid) == sizeof(xapian_docid), "docid width");
static_assert(sizeof(Xapian::doccount) == sizeof(xapian_doccount),
	      "doccount width");
static_assert(sizeof(Xapian::termcount) == sizeof(xapian_termcount),
	      "termcount width");
static_assert(sizeof(Xapian::termpos) == sizeof(xapian_termpos),
	      "termpos width");
static_assert(sizeof(Xapian::valueno) == sizeof(xapian_valueno),
	      "valueno width");
static_assert(sizeof(Xapian::rev) <= sizeof(xapian_rev), "rev width");
static_assert(XAPIAN_QUERY_OP_WILDCARD == int(Xapian::Query::OP_WILDCARD),
	      "query op values");
static_assert(XAPIAN_QUERY_OP_SYNONYM == int(Xapian::Query::OP_SYNONYM),
	      "query op values");
static_assert(XAPIAN_QP_FLAG_AUTO_MULTIWORD_SYNONYMS ==
		      int(Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS),
	      "query parser flag values");
static_assert(XAPIAN_STEM_SOME_FULL_POS ==
		      int(Xapian::QueryParser::STEM_SOME_FULL_POS),
	      "stem strategy values");
static_assert(XAPIAN_DB_RETRY_LOCK == Xapian::DB_RETRY_LOCK, "DB flags");
static_assert(XAPIAN_DB_BACKEND_INMEMORY == Xapian::DB_BACKEND_INMEMORY,
	      "DB flags");
static_assert(XAPIAN_DBCOMPACT_SINGLE_FILE == Xapian::DBCOMPACT_SINGLE_FILE,
	      "compact flags");
static_assert(XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH ==
		      int(Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH),
	      "snippet flags");
static_assert(int(XAPIAN_RP_DATE_PREFER_MDY) == int(Xapian::RP_DATE_PREFER_MDY),
	      "range processor flags");

// --------------------------------------------------------------------------
// The handles
// --------------------------------------------------------------------------

struct xapian_stem {
	Xapian::Stem stem;
};

struct xapian_stopper {
	opt_intrusive_ptr<Xapian::SimpleStopper> stopper;
};

struct xapian_document {
	Xapian::Document doc;
};

struct xapian_database {
	Xapian::Database db;
};

struct xapian_writable_database {
	Xapian::WritableDatabase wdb;
	xapian_database view;	// shares wdb's shards
};

struct xapian_term_generator {
	Xapian::TermGenerator tg;
};

struct xapian_query {
	Xapian::Query q;
};

struct xapian_query_parser {
	Xapian::QueryParser qp;
};

struct xapian_value_count_match_spy {
	opt_intrusive_ptr<Xapian::ValueCountMatchSpy> spy;
};

struct xapian_rset {
	Xapian::RSet rset;
};

struct xapian_eset {
	std::vector<std::string> terms;
	std::vector<double> weights;
};

struct xapian_enquire {
	Xapian::Enquire enq;
	explicit xapian_enquire(const Xapian::Database &db) : enq(db) {}
};

struct xapian_mset {
	Xapian::MSet mset;
};

struct xapian_term_iterator {
	Xapian::TermIterator it;
	Xapian::TermIterator end;
	bool started = false;
	bool on_term = false;
	std::string current;
};

struct xapian_postlist_iterator {
	Xapian::PostingIterator it;
	Xapian::PostingIterator end;
	bool started = false;
};

// --------------------------------------------------------------------------
// Errors: one translator for every exception
// --------------------------------------------------------------------------

namespace {

struct error_class {
	int code;
	const char *name;
	int parent;
};

// Xapian's exception hierarchy (xapian/error.h), indexed by code.
const error_class error_classes[] = {
	{XAPIAN_OK, "", XAPIAN_OK},
	{XAPIAN_E_NO_MEMORY, "std::bad_alloc", XAPIAN_OK},
	{XAPIAN_E_UNKNOWN, "UnknownError", XAPIAN_OK},
	{XAPIAN_E_LOGIC, "LogicError", XAPIAN_OK},
	{XAPIAN_E_ASSERTION, "AssertionError", XAPIAN_E_LOGIC},
	{XAPIAN_E_INVALID_ARGUMENT, "InvalidArgumentError", XAPIAN_E_LOGIC},
	{XAPIAN_E_INVALID_OPERATION, "InvalidOperationError", XAPIAN_E_LOGIC},
	{XAPIAN_E_UNIMPLEMENTED, "UnimplementedError", XAPIAN_E_LOGIC},
	{XAPIAN_E_RUNTIME, "RuntimeError", XAPIAN_OK},
	{XAPIAN_E_DATABASE, "DatabaseError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_DATABASE_CORRUPT, "DatabaseCorruptError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DATABASE_CREATE, "DatabaseCreateError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DATABASE_LOCK, "DatabaseLockError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DATABASE_MODIFIED, "DatabaseModifiedError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DATABASE_OPENING, "DatabaseOpeningError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DATABASE_VERSION, "DatabaseVersionError",
	 XAPIAN_E_DATABASE_OPENING},
	{XAPIAN_E_DATABASE_NOT_FOUND, "DatabaseNotFoundError",
	 XAPIAN_E_DATABASE_OPENING},
	{XAPIAN_E_DATABASE_CLOSED, "DatabaseClosedError", XAPIAN_E_DATABASE},
	{XAPIAN_E_DOC_NOT_FOUND, "DocNotFoundError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_FEATURE_UNAVAILABLE, "FeatureUnavailableError",
	 XAPIAN_E_RUNTIME},
	{XAPIAN_E_INTERNAL, "InternalError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_NETWORK, "NetworkError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_NETWORK_TIMEOUT, "NetworkTimeoutError", XAPIAN_E_NETWORK},
	{XAPIAN_E_QUERY_PARSER, "QueryParserError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_SERIALISATION, "SerialisationError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_RANGE, "RangeError", XAPIAN_E_RUNTIME},
	{XAPIAN_E_WILDCARD, "WildcardError", XAPIAN_E_RUNTIME},
};

static_assert(sizeof error_classes / sizeof error_classes[0] ==
		      XAPIAN_E__COUNT,
	      "one error class per code");

// Copy at most size-1 bytes of s into dst, always terminating.
void
copy_truncated(char *dst, size_t size, const char *s, size_t len) noexcept
{
	if (len >= size)
		len = size - 1;
	std::memcpy(dst, s, len);
	dst[len] = '\0';
}

// Append s to the NUL-terminated dst of capacity size, truncating.
void
append_truncated(char *dst, size_t size, const char *s, size_t len) noexcept
{
	size_t used = std::strlen(dst);

	if (used + 1 >= size)
		return;
	copy_truncated(dst + used, size - used, s, len);
}

int
fill(struct xapian_error *err, int code, const char *msg,
     size_t msg_len) noexcept
{
	if (err != nullptr) {
		err->code = code;
		copy_truncated(err->type, sizeof err->type,
			       error_classes[code].name,
			       std::strlen(error_classes[code].name));
		copy_truncated(err->message, sizeof err->message, msg,
			       msg_len);
	}
	return code;
}

int
fill(struct xapian_error *err, int code, const char *msg) noexcept
{
	return fill(err, code, msg, std::strlen(msg));
}

int
code_of_type(const char *type) noexcept
{
	for (int c = XAPIAN_E_LOGIC; c < XAPIAN_E__COUNT; c++)
		if (std::strcmp(error_classes[c].name, type) == 0)
			return c;
	return XAPIAN_E_UNKNOWN;
}

// Map the exception being handled to a code and fill *err.  Only ever
// called from inside a catch block.  Returns the (positive) code.
int
translate(struct xapian_error *err) noexcept
{
	try {
		throw;
	} catch (const Xapian::Error &e) {
		int code = code_of_type(e.get_type());
		const std::string &msg = e.get_msg();
		const std::string &context = e.get_context();
		const char *syserr = nullptr;

		// get_error_string() formats errno's text into a string on
		// first use, so it can throw bad_alloc; thrown from this
		// handler that would escape noexcept and terminate.
		try {
			syserr = e.get_error_string();
		} catch (...) {
		}
		fill(err, code, msg.data(), msg.size());
		if (err != nullptr) {
			if (code == XAPIAN_E_UNKNOWN)
				copy_truncated(err->type, sizeof err->type,
					       e.get_type(),
					       std::strlen(e.get_type()));
			if (!context.empty()) {
				append_truncated(err->message,
						 sizeof err->message,
						 " (context: ", 11);
				append_truncated(err->message,
						 sizeof err->message,
						 context.data(),
						 context.size());
				append_truncated(err->message,
						 sizeof err->message, ")", 1);
			}
			if (syserr != nullptr && *syserr != '\0') {
				append_truncated(err->message,
						 sizeof err->message, ": ", 2);
				append_truncated(err->message,
						 sizeof err->message, syserr,
						 std::strlen(syserr));
			}
		}
		return code;
	} catch (const std::bad_alloc &) {
		return fill(err, XAPIAN_E_NO_MEMORY, "out of memory");
	} catch (const std::exception &e) {
		return fill(err, XAPIAN_E_UNKNOWN, e.what());
	} catch (...) {
		return fill(err, XAPIAN_E_UNKNOWN, "unknown C++ exception");
	}
}

int
bad_argument(struct xapian_error *err, const char *what) noexcept
{
	return -fill(err, XAPIAN_E_INVALID_ARGUMENT, what);
}

// A malloc'd, NUL-terminated copy of s: the form in which strings leave the
// binding.  Throws std::bad_alloc so that callers' catch blocks report it.
char *
dup_string(const std::string &s, size_t *len)
{
	char *out = static_cast<char *>(std::malloc(s.size() + 1));

	if (out == nullptr)
		throw std::bad_alloc();
	std::memcpy(out, s.data(), s.size());
	out[s.size()] = '\0';
	if (len != nullptr)
		*len = s.size();
	return out;
}

std::string
str_or_empty(const char *s)
{
	return s != nullptr ? std::string(s) : std::string();
}

xapian_term_iterator *
new_term_iterator(const Xapian::TermIterator &begin,
		  const Xapian::TermIterator &end)
{
	xapian_term_iterator *it = new xapian_term_iterator;

	it->it = begin;
	it->end = end;
	return it;
}

}  // namespace

// Wrappers for the usual shapes of function body.  CATCH_INT returns the
// negated code, CATCH_PTR returns NULL.
#define CATCH_INT(err)                                                       \
	catch (...)                                                          \
	{                                                                    \
		return -translate(err);                                      \
	}
#define CATCH_PTR(err)                                                       \
	catch (...)                                                          \
	{                                                                    \
		translate(err);                                              \
		return nullptr;                                              \
	}
#define NEED(cond, err)                                                      \
	do {                                                                 \
		if (!(cond))                                                 \
			return bad_argument(err, "invalid argument: " #cond); \
	} while (0)
#define NEED_PTR(cond, err)                                                  \
	do {                                                                 \
		if (!(cond)) {                                               \
			bad_argument(err, "invalid argument: " #cond);       \
			return nullptr;                                      \
		}                                                            \
	} while (0)

extern "C" {

bool
xapian_error_is_a(int code, int ancestor) noexcept
{
	if (code < 0)
		code = -code;
	if (ancestor < 0)
		ancestor = -ancestor;
	while (code > XAPIAN_OK && code < XAPIAN_E__COUNT) {
		if (code == ancestor)
			return true;
		code = error_classes[code].parent;
	}
	return false;
}

const char *
xapian_error_code_name(int code) noexcept
{
	if (code < 0)
		code = -code;
	if (code <= XAPIAN_OK || code >= XAPIAN_E__COUNT)
		return "UnknownError";
	return error_classes[code].name;
}

const char *
xapian_version_string(void) noexcept
{
	return Xapian::version_string();
}

// --------------------------------------------------------------------------
// Term and posting iterators
// --------------------------------------------------------------------------

int
xapian_term_iterator_next(struct xapian_term_iterator *it, const char **term,
			  size_t *len, struct xapian_error *err) noexcept
{
	NEED(it != nullptr, err);
	try {
		if (it->started && it->it != it->end)
			++it->it;
		it->started = true;
		it->on_term = it->it != it->end;
		if (!it->on_term)
			return 0;
		it->current = *it->it;
		if (term != nullptr)
			*term = it->current.c_str();
		if (len != nullptr)
			*len = it->current.size();
		return 1;
	}
	CATCH_INT(err)
}

int
xapian_term_iterator_skip_to(struct xapian_term_iterator *it,
			     const char *term,
			     struct xapian_error *err) noexcept
{
	NEED(it != nullptr && term != nullptr, err);
	try {
		it->started = true;
		if (it->it != it->end)
			it->it.skip_to(term);
		it->on_term = it->it != it->end;
		if (!it->on_term)
			return 0;
		it->current = *it->it;
		return 1;
	}
	CATCH_INT(err)
}

const char *
xapian_term_iterator_current(const struct xapian_term_iterator *it,
			     size_t *len) noexcept
{
	if (it == nullptr || !it->on_term)
		return nullptr;
	if (len != nullptr)
		*len = it->current.size();
	return it->current.c_str();
}

int
xapian_term_iterator_get_wdf(const struct xapian_term_iterator *it,
			     xapian_termcount *wdf,
			     struct xapian_error *err) noexcept
{
	NEED(it != nullptr && it->on_term && wdf != nullptr, err);
	try {
		*wdf = it->it.get_wdf();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_iterator_get_termfreq(const struct xapian_term_iterator *it,
				  xapian_doccount *freq,
				  struct xapian_error *err) noexcept
{
	NEED(it != nullptr && it->on_term && freq != nullptr, err);
	try {
		*freq = it->it.get_termfreq();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_iterator_get_positions(const struct xapian_term_iterator *it,
				   xapian_termpos *positions, size_t max,
				   size_t *count,
				   struct xapian_error *err) noexcept
{
	NEED(it != nullptr && it->on_term && count != nullptr, err);
	NEED(positions != nullptr || max == 0, err);
	try {
		size_t n = 0;

		for (Xapian::PositionIterator p = it->it.positionlist_begin();
		     p != it->it.positionlist_end(); ++p, ++n)
			if (n < max)
				positions[n] = *p;
		*count = n;
		return 0;
	}
	CATCH_INT(err)
}

void
xapian_term_iterator_free(struct xapian_term_iterator *it) noexcept
{
	delete it;
}

int
xapian_postlist_iterator_next(struct xapian_postlist_iterator *it,
			      xapian_docid *docid, xapian_termcount *wdf,
			      struct xapian_error *err) noexcept
{
	NEED(it != nullptr, err);
	try {
		if (it->started && it->it != it->end)
			++it->it;
		it->started = true;
		if (it->it == it->end)
			return 0;
		if (docid != nullptr)
			*docid = *it->it;
		if (wdf != nullptr)
			*wdf = it->it.get_wdf();
		return 1;
	}
	CATCH_INT(err)
}

void
xapian_postlist_iterator_free(struct xapian_postlist_iterator *it) noexcept
{
	delete it;
}

// --------------------------------------------------------------------------
// Stemmers and stoppers
// --------------------------------------------------------------------------

namespace {

// A stemmer that remembers its answers.  Stemming is a pure function of
// the word, and a collection repeats the same tens of thousands of words
// millions of times: on the Debian HTML corpus the Snowball stemmer took
// 1.6 of the 2.7 s the term generator spent.  The memo is emptied when it
// reaches `max` words, so memory stays bounded whatever the vocabulary.
class CachedStem : public Xapian::StemImplementation {
	Xapian::Stem inner;
	std::unordered_map<std::string, std::string> memo;
	size_t max;

    public:
	CachedStem(const Xapian::Stem &s, size_t max_words)
		: inner(s), max(max_words) {}

	std::string operator()(const std::string &word) override
	{
		auto it = memo.find(word);
		if (it != memo.end())
			return it->second;
		std::string stem = inner(word);
		if (memo.size() >= max)
			memo.clear();
		memo.emplace(word, stem);
		return stem;
	}

	std::string get_description() const override
	{
		return inner.get_description();
	}
};

// Words remembered by one stemmer (about 10 MB at most).
const size_t STEM_MEMO_WORDS = 100000;

}  // namespace

struct xapian_stem *
xapian_stem_new(const char *language, struct xapian_error *err) noexcept
{
	NEED_PTR(language != nullptr, err);
	try {
		Xapian::Stem plain(language);

		// "none" stays none: the term generator skips stemming then.
		if (plain.is_none())
			return new xapian_stem{plain};
		return new xapian_stem{Xapian::Stem(
			new CachedStem(plain, STEM_MEMO_WORDS))};
	}
	CATCH_PTR(err)
}

char *
xapian_stem_apply(const struct xapian_stem *stem, const char *word,
		  size_t len, size_t *out_len,
		  struct xapian_error *err) noexcept
{
	NEED_PTR(stem != nullptr && word != nullptr, err);
	try {
		return dup_string(stem->stem(std::string(word, len)), out_len);
	}
	CATCH_PTR(err)
}

const char *
xapian_stem_get_available_languages(void) noexcept
{
	try {
		// Initialised once, thread-safely (C++11 magic statics).
		static const std::string languages =
			Xapian::Stem::get_available_languages();
		return languages.c_str();
	} catch (...) {
		return "";
	}
}

void
xapian_stem_free(struct xapian_stem *stem) noexcept
{
	delete stem;
}

struct xapian_stopper *
xapian_simple_stopper_new(struct xapian_error *err) noexcept
{
	try {
		Xapian::SimpleStopper *s = new Xapian::SimpleStopper();

		// From here on Xapian counts references: the stopper lives as
		// long as this handle or any parser using it.
		s->release();
		return new xapian_stopper{opt_intrusive_ptr<Xapian::SimpleStopper>(s)};
	}
	CATCH_PTR(err)
}

int
xapian_simple_stopper_add(struct xapian_stopper *stopper, const char *word,
			  struct xapian_error *err) noexcept
{
	NEED(stopper != nullptr && word != nullptr, err);
	try {
		stopper->stopper->add(word);
		return 0;
	}
	CATCH_INT(err)
}

bool
xapian_stopper_is_stopword(const struct xapian_stopper *stopper,
			   const char *word) noexcept
{
	if (stopper == nullptr || word == nullptr)
		return false;
	try {
		return (*stopper->stopper)(word);
	} catch (...) {
		return false;
	}
}

void
xapian_stopper_free(struct xapian_stopper *stopper) noexcept
{
	delete stopper;
}

// --------------------------------------------------------------------------
// Documents
// --------------------------------------------------------------------------

struct xapian_document *
xapian_document_new(struct xapian_error *err) noexcept
{
	try {
		return new xapian_document;
	}
	CATCH_PTR(err)
}

int
xapian_document_set_data(struct xapian_document *doc, const char *data,
			 size_t len, struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && (data != nullptr || len == 0), err);
	try {
		doc->doc.set_data(std::string(data ? data : "", len));
		return 0;
	}
	CATCH_INT(err)
}

char *
xapian_document_get_data(const struct xapian_document *doc, size_t *len,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(doc != nullptr, err);
	try {
		return dup_string(doc->doc.get_data(), len);
	}
	CATCH_PTR(err)
}

int
xapian_document_add_term(struct xapian_document *doc, const char *term,
			 xapian_termcount wdf_inc,
			 struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && term != nullptr, err);
	try {
		doc->doc.add_term(term, wdf_inc);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_document_add_posting(struct xapian_document *doc, const char *term,
			    xapian_termpos pos, xapian_termcount wdf_inc,
			    struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && term != nullptr, err);
	try {
		doc->doc.add_posting(term, pos, wdf_inc);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_document_add_boolean_term(struct xapian_document *doc,
				 const char *term,
				 struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && term != nullptr, err);
	try {
		doc->doc.add_boolean_term(term);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_document_remove_term(struct xapian_document *doc, const char *term,
			    struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && term != nullptr, err);
	try {
		doc->doc.remove_term(term);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_document_clear_terms(struct xapian_document *doc,
			    struct xapian_error *err) noexcept
{
	NEED(doc != nullptr, err);
	try {
		doc->doc.clear_terms();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_document_termlist_count(const struct xapian_document *doc,
			       xapian_termcount *count,
			       struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && count != nullptr, err);
	try {
		*count = doc->doc.termlist_count();
		return 0;
	}
	CATCH_INT(err)
}

struct xapian_term_iterator *
xapian_document_termlist(const struct xapian_document *doc,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(doc != nullptr, err);
	try {
		return new_term_iterator(doc->doc.termlist_begin(),
					 doc->doc.termlist_end());
	}
	CATCH_PTR(err)
}

int
xapian_document_add_value(struct xapian_document *doc, xapian_valueno slot,
			  const char *value, size_t len,
			  struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && (value != nullptr || len == 0), err);
	try {
		doc->doc.add_value(slot, std::string(value ? value : "", len));
		return 0;
	}
	CATCH_INT(err)
}

char *
xapian_document_get_value(const struct xapian_document *doc,
			  xapian_valueno slot, size_t *len,
			  struct xapian_error *err) noexcept
{
	NEED_PTR(doc != nullptr, err);
	try {
		return dup_string(doc->doc.get_value(slot), len);
	}
	CATCH_PTR(err)
}

int
xapian_document_values_count(const struct xapian_document *doc,
			     xapian_termcount *count,
			     struct xapian_error *err) noexcept
{
	NEED(doc != nullptr && count != nullptr, err);
	try {
		*count = doc->doc.values_count();
		return 0;
	}
	CATCH_INT(err)
}

xapian_docid
xapian_document_get_docid(const struct xapian_document *doc) noexcept
{
	if (doc == nullptr)
		return 0;
	try {
		return doc->doc.get_docid();
	} catch (...) {
		return 0;
	}
}

void
xapian_document_free(struct xapian_document *doc) noexcept
{
	delete doc;
}

size_t
xapian_sortable_serialise(double value, char buf[18]) noexcept
{
	// Xapian's sortable_serialise_ writes at most 18 bytes.
	return Xapian::sortable_serialise_(value, buf);
}

double
xapian_sortable_unserialise(const char *buf, size_t len) noexcept
{
	try {
		return Xapian::sortable_unserialise(std::string(buf, len));
	} catch (...) {
		return 0.0;
	}
}

// --------------------------------------------------------------------------
// Databases
// --------------------------------------------------------------------------

struct xapian_database *
xapian_database_open(const char *path, struct xapian_error *err) noexcept
{
	NEED_PTR(path != nullptr && *path != '\0', err);
	try {
		return new xapian_database{Xapian::Database(path)};
	}
	CATCH_PTR(err)
}

struct xapian_database *
xapian_database_open_remote(const char *host, unsigned port,
			    unsigned timeout_ms, unsigned connect_timeout_ms,
			    struct xapian_error *err) noexcept
{
	NEED_PTR(host != nullptr && *host != '\0' && port > 0 && port < 65536,
		 err);
	try {
		return new xapian_database{Xapian::Remote::open(
			host, port, timeout_ms ? timeout_ms : 10000,
			connect_timeout_ms ? connect_timeout_ms : 10000)};
	}
	CATCH_PTR(err)
}

struct xapian_database *
xapian_database_new_empty(struct xapian_error *err) noexcept
{
	try {
		return new xapian_database;
	}
	CATCH_PTR(err)
}

int
xapian_database_add_database(struct xapian_database *db,
			     const struct xapian_database *other,
			     struct xapian_error *err) noexcept
{
	NEED(db != nullptr && other != nullptr && db != other, err);
	try {
		db->db.add_database(other->db);
		return 0;
	}
	CATCH_INT(err)
}

size_t
xapian_database_shard_count(const struct xapian_database *db) noexcept
{
	return db != nullptr ? db->db.size() : 0;
}

int
xapian_database_reopen(struct xapian_database *db,
		       struct xapian_error *err) noexcept
{
	NEED(db != nullptr, err);
	try {
		return db->db.reopen() ? 1 : 0;
	}
	CATCH_INT(err)
}

int
xapian_database_close(struct xapian_database *db,
		      struct xapian_error *err) noexcept
{
	NEED(db != nullptr, err);
	try {
		db->db.close();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_doccount(const struct xapian_database *db,
			     xapian_doccount *count,
			     struct xapian_error *err) noexcept
{
	NEED(db != nullptr && count != nullptr, err);
	try {
		*count = db->db.get_doccount();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_lastdocid(const struct xapian_database *db,
			      xapian_docid *docid,
			      struct xapian_error *err) noexcept
{
	NEED(db != nullptr && docid != nullptr, err);
	try {
		*docid = db->db.get_lastdocid();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_avlength(const struct xapian_database *db,
			     double *avlength,
			     struct xapian_error *err) noexcept
{
	NEED(db != nullptr && avlength != nullptr, err);
	try {
		*avlength = db->db.get_avlength();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_termfreq(const struct xapian_database *db,
			     const char *term, xapian_doccount *freq,
			     struct xapian_error *err) noexcept
{
	NEED(db != nullptr && term != nullptr && freq != nullptr, err);
	try {
		*freq = db->db.get_termfreq(term);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_collection_freq(const struct xapian_database *db,
				    const char *term, xapian_termcount *freq,
				    struct xapian_error *err) noexcept
{
	NEED(db != nullptr && term != nullptr && freq != nullptr, err);
	try {
		*freq = db->db.get_collection_freq(term);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_doclength(const struct xapian_database *db,
			      xapian_docid docid, xapian_termcount *len,
			      struct xapian_error *err) noexcept
{
	NEED(db != nullptr && len != nullptr, err);
	try {
		*len = db->db.get_doclength(docid);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_term_exists(const struct xapian_database *db,
			    const char *term,
			    struct xapian_error *err) noexcept
{
	NEED(db != nullptr && term != nullptr, err);
	try {
		return db->db.term_exists(term) ? 1 : 0;
	}
	CATCH_INT(err)
}

int
xapian_database_has_positions(const struct xapian_database *db,
			      struct xapian_error *err) noexcept
{
	NEED(db != nullptr, err);
	try {
		return db->db.has_positions() ? 1 : 0;
	}
	CATCH_INT(err)
}

int
xapian_database_get_revision(const struct xapian_database *db,
			     xapian_rev *rev,
			     struct xapian_error *err) noexcept
{
	NEED(db != nullptr && rev != nullptr, err);
	try {
		*rev = db->db.get_revision();
		return 0;
	}
	CATCH_INT(err)
}

char *
xapian_database_get_uuid(const struct xapian_database *db,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		return dup_string(db->db.get_uuid(), nullptr);
	}
	CATCH_PTR(err)
}

struct xapian_document *
xapian_database_get_document(const struct xapian_database *db,
			     xapian_docid docid,
			     struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		return new xapian_document{db->db.get_document(docid)};
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_allterms(const struct xapian_database *db, const char *prefix,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		std::string p = str_or_empty(prefix);
		return new_term_iterator(db->db.allterms_begin(p),
					 db->db.allterms_end(p));
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_termlist(const struct xapian_database *db,
			 xapian_docid docid,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		return new_term_iterator(db->db.termlist_begin(docid),
					 db->db.termlist_end(docid));
	}
	CATCH_PTR(err)
}

struct xapian_postlist_iterator *
xapian_database_postlist(const struct xapian_database *db, const char *term,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr && term != nullptr, err);
	try {
		xapian_postlist_iterator *it = new xapian_postlist_iterator;

		try {
			it->it = db->db.postlist_begin(term);
			it->end = db->db.postlist_end(term);
		} catch (...) {
			delete it;
			throw;
		}
		return it;
	}
	CATCH_PTR(err)
}

char *
xapian_database_get_spelling_suggestion(const struct xapian_database *db,
					const char *word,
					unsigned max_edit_distance,
					struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr && word != nullptr, err);
	try {
		return dup_string(db->db.get_spelling_suggestion(
					  word, max_edit_distance),
				  nullptr);
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_spellings(const struct xapian_database *db,
			  struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		return new_term_iterator(db->db.spellings_begin(),
					 db->db.spellings_end());
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_synonyms(const struct xapian_database *db, const char *term,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr && term != nullptr, err);
	try {
		return new_term_iterator(db->db.synonyms_begin(term),
					 db->db.synonyms_end(term));
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_synonym_keys(const struct xapian_database *db,
			     const char *prefix,
			     struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		std::string p = str_or_empty(prefix);
		return new_term_iterator(db->db.synonym_keys_begin(p),
					 db->db.synonym_keys_end(p));
	}
	CATCH_PTR(err)
}

char *
xapian_database_get_metadata(const struct xapian_database *db,
			     const char *key, size_t *len,
			     struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr && key != nullptr, err);
	try {
		return dup_string(db->db.get_metadata(key), len);
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_database_metadata_keys(const struct xapian_database *db,
			      const char *prefix,
			      struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		std::string p = str_or_empty(prefix);
		return new_term_iterator(db->db.metadata_keys_begin(p),
					 db->db.metadata_keys_end(p));
	}
	CATCH_PTR(err)
}

int
xapian_database_check(const char *path, size_t *errors,
		      struct xapian_error *err) noexcept
{
	NEED(path != nullptr && errors != nullptr, err);
	try {
		*errors = Xapian::Database::check(path, 0, nullptr);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_database_compact(const struct xapian_database *db, const char *output,
			unsigned flags, unsigned block_size,
			struct xapian_error *err) noexcept
{
	NEED(db != nullptr && output != nullptr && *output != '\0', err);
	try {
		// compact() isn't const; a copy of the handle shares the shards.
		Xapian::Database source = db->db;
		source.compact(output, flags, int(block_size));
		return 0;
	}
	CATCH_INT(err)
}

void
xapian_database_free(struct xapian_database *db) noexcept
{
	delete db;
}

// --------------------------------------------------------------------------
// Writable databases
// --------------------------------------------------------------------------

struct xapian_writable_database *
xapian_writable_database_open(const char *path, int flags,
			      struct xapian_error *err) noexcept
{
	NEED_PTR(path != nullptr && *path != '\0', err);
	// The flags that give up crash safety are not part of this API.
	NEED_PTR((flags & (Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS)) == 0,
		 err);
	try {
		xapian_writable_database *w = new xapian_writable_database;

		try {
			w->wdb = Xapian::WritableDatabase(path, flags);
			w->view.db = w->wdb;
		} catch (...) {
			delete w;
			throw;
		}
		return w;
	}
	CATCH_PTR(err)
}

struct xapian_database *
xapian_writable_database_database(struct xapian_writable_database *wdb) noexcept
{
	return wdb != nullptr ? &wdb->view : nullptr;
}

int
xapian_writable_database_commit(struct xapian_writable_database *wdb,
				struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr, err);
	try {
		wdb->wdb.commit();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_begin_transaction(
	struct xapian_writable_database *wdb, bool flushed,
	struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr, err);
	try {
		wdb->wdb.begin_transaction(flushed);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_commit_transaction(
	struct xapian_writable_database *wdb, struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr, err);
	try {
		wdb->wdb.commit_transaction();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_cancel_transaction(
	struct xapian_writable_database *wdb, struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr, err);
	try {
		wdb->wdb.cancel_transaction();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_add_document(struct xapian_writable_database *wdb,
				      const struct xapian_document *doc,
				      xapian_docid *docid,
				      struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && doc != nullptr, err);
	try {
		Xapian::docid id = wdb->wdb.add_document(doc->doc);

		if (docid != nullptr)
			*docid = id;
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_replace_document(
	struct xapian_writable_database *wdb, xapian_docid docid,
	const struct xapian_document *doc, struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && doc != nullptr && docid != 0, err);
	try {
		wdb->wdb.replace_document(docid, doc->doc);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_replace_document_by_term(
	struct xapian_writable_database *wdb, const char *unique_term,
	const struct xapian_document *doc, xapian_docid *docid,
	struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && doc != nullptr && unique_term != nullptr &&
		     *unique_term != '\0',
	     err);
	try {
		Xapian::docid id =
			wdb->wdb.replace_document(unique_term, doc->doc);

		if (docid != nullptr)
			*docid = id;
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_delete_document(struct xapian_writable_database *wdb,
					 xapian_docid docid,
					 struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && docid != 0, err);
	try {
		wdb->wdb.delete_document(docid);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_delete_document_by_term(
	struct xapian_writable_database *wdb, const char *term,
	struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && term != nullptr && *term != '\0', err);
	try {
		wdb->wdb.delete_document(std::string(term));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_add_spelling(struct xapian_writable_database *wdb,
				      const char *word,
				      xapian_termcount freq_inc,
				      struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && word != nullptr, err);
	try {
		wdb->wdb.add_spelling(word, freq_inc);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_remove_spelling(struct xapian_writable_database *wdb,
					 const char *word,
					 xapian_termcount freq_dec,
					 struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && word != nullptr, err);
	try {
		wdb->wdb.remove_spelling(word, freq_dec);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_add_synonym(struct xapian_writable_database *wdb,
				     const char *term, const char *synonym,
				     struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && term != nullptr && synonym != nullptr, err);
	try {
		wdb->wdb.add_synonym(term, synonym);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_remove_synonym(struct xapian_writable_database *wdb,
					const char *term, const char *synonym,
					struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && term != nullptr && synonym != nullptr, err);
	try {
		wdb->wdb.remove_synonym(term, synonym);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_clear_synonyms(struct xapian_writable_database *wdb,
					const char *term,
					struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && term != nullptr, err);
	try {
		wdb->wdb.clear_synonyms(term);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_set_metadata(struct xapian_writable_database *wdb,
				      const char *key, const char *value,
				      size_t len,
				      struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr && key != nullptr && *key != '\0' &&
		     (value != nullptr || len == 0),
	     err);
	try {
		wdb->wdb.set_metadata(key, std::string(value ? value : "", len));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_writable_database_close(struct xapian_writable_database *wdb,
			       struct xapian_error *err) noexcept
{
	NEED(wdb != nullptr, err);
	try {
		wdb->wdb.close();
		return 0;
	}
	CATCH_INT(err)
}

void
xapian_writable_database_abandon(struct xapian_writable_database *wdb) noexcept
{
	if (wdb == nullptr)
		return;
	// Closing cancels an open transaction instead of committing, and an
	// unflushed one holds every change since the last commit.  Either
	// step may throw on a database in that state; the caller has its
	// error already.
	try {
		wdb->wdb.begin_transaction(false);
	} catch (...) {
	}
	try {
		wdb->wdb.close();
	} catch (...) {
	}
}

void
xapian_writable_database_free(struct xapian_writable_database *wdb) noexcept
{
	if (wdb == nullptr)
		return;
	// The destructor commits; a failure there can't be reported, which
	// is why the header asks callers to close first.  Never let it
	// escape as an exception.
	try {
		delete wdb;
	} catch (...) {
	}
}

// --------------------------------------------------------------------------
// Term generator
// --------------------------------------------------------------------------

struct xapian_term_generator *
xapian_term_generator_new(struct xapian_error *err) noexcept
{
	try {
		return new xapian_term_generator;
	}
	CATCH_PTR(err)
}

int
xapian_term_generator_set_stemmer(struct xapian_term_generator *tg,
				  const struct xapian_stem *stem,
				  struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		tg->tg.set_stemmer(stem ? stem->stem : Xapian::Stem());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_stemming_strategy(struct xapian_term_generator *tg,
					    enum xapian_stem_strategy strategy,
					    struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && strategy >= XAPIAN_STEM_NONE &&
		     strategy <= XAPIAN_STEM_SOME_FULL_POS,
	     err);
	try {
		tg->tg.set_stemming_strategy(
			Xapian::TermGenerator::stem_strategy(strategy));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_stopper(struct xapian_term_generator *tg,
				  const struct xapian_stopper *stopper,
				  struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		tg->tg.set_stopper(stopper ? stopper->stopper.get() : nullptr);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_stopper_strategy(struct xapian_term_generator *tg,
					   enum xapian_stop_strategy strategy,
					   struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && strategy >= XAPIAN_STOP_NONE &&
		     strategy <= XAPIAN_STOP_STEMMED,
	     err);
	try {
		tg->tg.set_stopper_strategy(
			Xapian::TermGenerator::stop_strategy(strategy));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_flags(struct xapian_term_generator *tg,
				unsigned flags,
				struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		// Replace all flags: toggle = flags, mask = 0 clears the rest.
		tg->tg.set_flags(Xapian::TermGenerator::flags(flags),
				 Xapian::TermGenerator::flags(0));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_database(struct xapian_term_generator *tg,
				   struct xapian_writable_database *wdb,
				   struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && wdb != nullptr, err);
	try {
		tg->tg.set_database(wdb->wdb);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_max_word_length(struct xapian_term_generator *tg,
					  unsigned max_word_length,
					  struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && max_word_length > 0, err);
	try {
		tg->tg.set_max_word_length(max_word_length);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_document(struct xapian_term_generator *tg,
				   struct xapian_document *doc,
				   struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		// The generator holds a counted reference to its document, so
		// NULL gives it an empty one of its own instead.
		tg->tg.set_document(doc ? doc->doc : Xapian::Document());
		tg->tg.set_termpos(0);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_index_text(struct xapian_term_generator *tg,
				 const char *text, size_t len,
				 xapian_termcount wdf_inc, const char *prefix,
				 struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && (text != nullptr || len == 0), err);
	try {
		tg->tg.index_text(Xapian::Utf8Iterator(text ? text : "", len),
				  wdf_inc, str_or_empty(prefix));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_index_text_without_positions(
	struct xapian_term_generator *tg, const char *text, size_t len,
	xapian_termcount wdf_inc, const char *prefix,
	struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && (text != nullptr || len == 0), err);
	try {
		tg->tg.index_text_without_positions(
			Xapian::Utf8Iterator(text ? text : "", len), wdf_inc,
			str_or_empty(prefix));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_increase_termpos(struct xapian_term_generator *tg,
				       xapian_termpos delta,
				       struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		tg->tg.increase_termpos(delta);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_get_termpos(const struct xapian_term_generator *tg,
				  xapian_termpos *pos,
				  struct xapian_error *err) noexcept
{
	NEED(tg != nullptr && pos != nullptr, err);
	try {
		*pos = tg->tg.get_termpos();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_term_generator_set_termpos(struct xapian_term_generator *tg,
				  xapian_termpos pos,
				  struct xapian_error *err) noexcept
{
	NEED(tg != nullptr, err);
	try {
		tg->tg.set_termpos(pos);
		return 0;
	}
	CATCH_INT(err)
}

void
xapian_term_generator_free(struct xapian_term_generator *tg) noexcept
{
	delete tg;
}

// --------------------------------------------------------------------------
// Queries
// --------------------------------------------------------------------------

struct xapian_query *
xapian_query_new_term(const char *term, xapian_termcount wqf,
		      xapian_termpos pos, struct xapian_error *err) noexcept
{
	NEED_PTR(term != nullptr, err);
	try {
		return new xapian_query{Xapian::Query(term, wqf, pos)};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_combine(enum xapian_query_op op,
			 struct xapian_query *const *subs, size_t n,
			 xapian_termcount param,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(subs != nullptr || n == 0, err);
	switch (op) {
	case XAPIAN_QUERY_OP_AND:
	case XAPIAN_QUERY_OP_OR:
	case XAPIAN_QUERY_OP_AND_NOT:
	case XAPIAN_QUERY_OP_XOR:
	case XAPIAN_QUERY_OP_AND_MAYBE:
	case XAPIAN_QUERY_OP_FILTER:
	case XAPIAN_QUERY_OP_NEAR:
	case XAPIAN_QUERY_OP_PHRASE:
	case XAPIAN_QUERY_OP_ELITE_SET:
	case XAPIAN_QUERY_OP_SYNONYM:
	case XAPIAN_QUERY_OP_MAX:
		break;
	default:
		bad_argument(err, "not an operator that combines subqueries");
		return nullptr;
	}
	try {
		std::vector<Xapian::Query> v;

		v.reserve(n);
		for (size_t i = 0; i < n; i++) {
			NEED_PTR(subs[i] != nullptr, err);
			v.push_back(subs[i]->q);
		}
		return new xapian_query{Xapian::Query(Xapian::Query::op(op),
						      v.begin(), v.end(),
						      param)};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_scale_weight(const struct xapian_query *sub, double factor,
			      struct xapian_error *err) noexcept
{
	NEED_PTR(sub != nullptr, err);
	try {
		return new xapian_query{Xapian::Query(
			Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor)};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_value_range(xapian_valueno slot, const char *begin,
			     size_t begin_len, const char *end,
			     size_t end_len, struct xapian_error *err) noexcept
{
	NEED_PTR(begin != nullptr && end != nullptr, err);
	try {
		return new xapian_query{Xapian::Query(
			Xapian::Query::OP_VALUE_RANGE, slot,
			std::string(begin, begin_len),
			std::string(end, end_len))};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_value_compare(enum xapian_query_op op, xapian_valueno slot,
			       const char *limit, size_t len,
			       struct xapian_error *err) noexcept
{
	NEED_PTR(limit != nullptr, err);
	NEED_PTR(op == XAPIAN_QUERY_OP_VALUE_GE || op == XAPIAN_QUERY_OP_VALUE_LE,
		 err);
	try {
		return new xapian_query{Xapian::Query(Xapian::Query::op(op),
						      slot,
						      std::string(limit, len))};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_wildcard(const char *pattern, xapian_termcount max_expansion,
			  enum xapian_wildcard_limit limit,
			  struct xapian_error *err) noexcept
{
	NEED_PTR(pattern != nullptr, err);
	NEED_PTR(limit >= XAPIAN_WILDCARD_LIMIT_ERROR &&
			 limit <= XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT,
		 err);
	try {
		return new xapian_query{Xapian::Query(
			Xapian::Query::OP_WILDCARD, pattern, max_expansion,
			int(limit))};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_match_all(struct xapian_error *err) noexcept
{
	try {
		return new xapian_query{Xapian::Query::MatchAll};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_new_match_nothing(struct xapian_error *err) noexcept
{
	try {
		return new xapian_query{Xapian::Query::MatchNothing};
	}
	CATCH_PTR(err)
}

struct xapian_query *
xapian_query_copy(const struct xapian_query *q,
		  struct xapian_error *err) noexcept
{
	NEED_PTR(q != nullptr, err);
	try {
		return new xapian_query{q->q};
	}
	CATCH_PTR(err)
}

bool
xapian_query_empty(const struct xapian_query *q) noexcept
{
	return q == nullptr || q->q.empty();
}

xapian_termcount
xapian_query_get_length(const struct xapian_query *q) noexcept
{
	return q != nullptr ? q->q.get_length() : 0;
}

struct xapian_term_iterator *
xapian_query_terms(const struct xapian_query *q,
		   struct xapian_error *err) noexcept
{
	NEED_PTR(q != nullptr, err);
	try {
		return new_term_iterator(q->q.get_unique_terms_begin(),
					 q->q.get_terms_end());
	}
	CATCH_PTR(err)
}

char *
xapian_query_get_description(const struct xapian_query *q,
			     struct xapian_error *err) noexcept
{
	NEED_PTR(q != nullptr, err);
	try {
		return dup_string(q->q.get_description(), nullptr);
	}
	CATCH_PTR(err)
}

void
xapian_query_free(struct xapian_query *q) noexcept
{
	delete q;
}

// --------------------------------------------------------------------------
// Query parser
// --------------------------------------------------------------------------

namespace {

// A range processor that asks a C function.
class CallbackRangeProcessor : public Xapian::RangeProcessor {
	xapian_range_fn fn;
	void *ctx;

      public:
	CallbackRangeProcessor(Xapian::valueno slot_, const std::string &str_,
			       unsigned flags_, xapian_range_fn fn_,
			       void *ctx_)
		: Xapian::RangeProcessor(slot_, str_, flags_), fn(fn_),
		  ctx(ctx_)
	{
	}

	Xapian::Query
	operator()(const std::string &begin, const std::string &end) override
	{
		xapian_query *q = fn(ctx, begin.c_str(), end.c_str());

		if (q == nullptr)
			return Xapian::Query(Xapian::Query::OP_INVALID);
		Xapian::Query result = q->q;
		delete q;
		return result;
	}
};

}  // namespace

struct xapian_query_parser *
xapian_query_parser_new(struct xapian_error *err) noexcept
{
	try {
		return new xapian_query_parser;
	}
	CATCH_PTR(err)
}

int
xapian_query_parser_set_stemmer(struct xapian_query_parser *qp,
				const struct xapian_stem *stem,
				struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		qp->qp.set_stemmer(stem ? stem->stem : Xapian::Stem());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_set_stemming_strategy(struct xapian_query_parser *qp,
					  enum xapian_stem_strategy strategy,
					  struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && strategy >= XAPIAN_STEM_NONE &&
		     strategy <= XAPIAN_STEM_SOME_FULL_POS,
	     err);
	try {
		qp->qp.set_stemming_strategy(
			Xapian::QueryParser::stem_strategy(strategy));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_set_stopper(struct xapian_query_parser *qp,
				const struct xapian_stopper *stopper,
				struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		qp->qp.set_stopper(stopper ? stopper->stopper.get() : nullptr);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_set_default_op(struct xapian_query_parser *qp,
				   enum xapian_query_op op,
				   struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		// Xapian rejects operators that make no sense here.
		qp->qp.set_default_op(Xapian::Query::op(op));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_set_database(struct xapian_query_parser *qp,
				 const struct xapian_database *db,
				 struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && db != nullptr, err);
	try {
		qp->qp.set_database(db->db);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_set_max_expansion(struct xapian_query_parser *qp,
				      xapian_termcount max_expansion,
				      enum xapian_wildcard_limit limit,
				      unsigned flags,
				      struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && limit >= XAPIAN_WILDCARD_LIMIT_ERROR &&
		     limit <= XAPIAN_WILDCARD_LIMIT_MOST_FREQUENT,
	     err);
	try {
		qp->qp.set_max_expansion(
			max_expansion, int(limit),
			flags ? flags
			      : unsigned(Xapian::QueryParser::FLAG_WILDCARD |
					 Xapian::QueryParser::FLAG_PARTIAL));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_prefix(struct xapian_query_parser *qp,
			       const char *field, const char *prefix,
			       struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && field != nullptr && prefix != nullptr, err);
	try {
		qp->qp.add_prefix(field, prefix);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_boolean_prefix(struct xapian_query_parser *qp,
				       const char *field, const char *prefix,
				       const char *grouping,
				       struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && field != nullptr && prefix != nullptr, err);
	try {
		// Xapian copies the grouping string (its own inline
		// overloads pass the address of a local).
		std::string g = str_or_empty(grouping);
		qp->qp.add_boolean_prefix(field, prefix,
					  grouping ? &g : nullptr);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_date_range(struct xapian_query_parser *qp,
				   xapian_valueno slot, const char *str,
				   unsigned flags, int epoch_year,
				   struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		Xapian::RangeProcessor *rp = new Xapian::DateRangeProcessor(
			slot, str_or_empty(str), flags, epoch_year);
		qp->qp.add_rangeprocessor(rp->release());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_number_range(struct xapian_query_parser *qp,
				     xapian_valueno slot, const char *str,
				     unsigned flags,
				     struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		Xapian::RangeProcessor *rp = new Xapian::NumberRangeProcessor(
			slot, str_or_empty(str), flags);
		qp->qp.add_rangeprocessor(rp->release());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_string_range(struct xapian_query_parser *qp,
				     xapian_valueno slot, const char *str,
				     unsigned flags,
				     struct xapian_error *err) noexcept
{
	NEED(qp != nullptr, err);
	try {
		Xapian::RangeProcessor *rp = new Xapian::RangeProcessor(
			slot, str_or_empty(str), flags);
		qp->qp.add_rangeprocessor(rp->release());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_query_parser_add_range_callback(struct xapian_query_parser *qp,
				       xapian_valueno slot, const char *str,
				       unsigned flags, xapian_range_fn fn,
				       void *ctx,
				       struct xapian_error *err) noexcept
{
	NEED(qp != nullptr && fn != nullptr, err);
	try {
		Xapian::RangeProcessor *rp = new CallbackRangeProcessor(
			slot, str_or_empty(str), flags, fn, ctx);
		qp->qp.add_rangeprocessor(rp->release());
		return 0;
	}
	CATCH_INT(err)
}

struct xapian_query *
xapian_query_parser_parse_query(struct xapian_query_parser *qp,
				const char *query_string, unsigned flags,
				const char *default_prefix,
				struct xapian_error *err) noexcept
{
	NEED_PTR(qp != nullptr && query_string != nullptr, err);
	try {
		return new xapian_query{qp->qp.parse_query(
			query_string,
			flags ? flags : unsigned(Xapian::QueryParser::FLAG_DEFAULT),
			str_or_empty(default_prefix))};
	}
	CATCH_PTR(err)
}

char *
xapian_query_parser_get_corrected_query_string(
	const struct xapian_query_parser *qp, struct xapian_error *err) noexcept
{
	NEED_PTR(qp != nullptr, err);
	try {
		return dup_string(qp->qp.get_corrected_query_string(), nullptr);
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_query_parser_stoplist(const struct xapian_query_parser *qp,
			     struct xapian_error *err) noexcept
{
	NEED_PTR(qp != nullptr, err);
	try {
		return new_term_iterator(qp->qp.stoplist_begin(),
					 qp->qp.stoplist_end());
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_query_parser_unstem(const struct xapian_query_parser *qp,
			   const char *term, struct xapian_error *err) noexcept
{
	NEED_PTR(qp != nullptr && term != nullptr, err);
	try {
		return new_term_iterator(qp->qp.unstem_begin(term),
					 qp->qp.unstem_end(term));
	}
	CATCH_PTR(err)
}

void
xapian_query_parser_free(struct xapian_query_parser *qp) noexcept
{
	delete qp;
}

// --------------------------------------------------------------------------
// Match spies
// --------------------------------------------------------------------------

struct xapian_value_count_match_spy *
xapian_value_count_match_spy_new(xapian_valueno slot,
				 struct xapian_error *err) noexcept
{
	try {
		Xapian::ValueCountMatchSpy *spy =
			new Xapian::ValueCountMatchSpy(slot);

		spy->release();
		return new xapian_value_count_match_spy{
			opt_intrusive_ptr<Xapian::ValueCountMatchSpy>(spy)};
	}
	CATCH_PTR(err)
}

size_t
xapian_value_count_match_spy_get_total(
	const struct xapian_value_count_match_spy *spy) noexcept
{
	return spy != nullptr ? spy->spy->get_total() : 0;
}

struct xapian_term_iterator *
xapian_value_count_match_spy_values(
	const struct xapian_value_count_match_spy *spy, size_t max,
	struct xapian_error *err) noexcept
{
	NEED_PTR(spy != nullptr, err);
	try {
		if (max == 0)
			return new_term_iterator(spy->spy->values_begin(),
						 spy->spy->values_end());
		return new_term_iterator(spy->spy->top_values_begin(max),
					 spy->spy->top_values_end(max));
	}
	CATCH_PTR(err)
}

void
xapian_value_count_match_spy_free(
	struct xapian_value_count_match_spy *spy) noexcept
{
	delete spy;
}

// --------------------------------------------------------------------------
// RSet and ESet
// --------------------------------------------------------------------------

struct xapian_rset *
xapian_rset_new(struct xapian_error *err) noexcept
{
	try {
		return new xapian_rset;
	}
	CATCH_PTR(err)
}

int
xapian_rset_add_document(struct xapian_rset *rset, xapian_docid docid,
			 struct xapian_error *err) noexcept
{
	NEED(rset != nullptr && docid != 0, err);
	try {
		rset->rset.add_document(docid);
		return 0;
	}
	CATCH_INT(err)
}

void
xapian_rset_free(struct xapian_rset *rset) noexcept
{
	delete rset;
}

size_t
xapian_eset_size(const struct xapian_eset *eset) noexcept
{
	return eset != nullptr ? eset->terms.size() : 0;
}

const char *
xapian_eset_get_term(const struct xapian_eset *eset, size_t i,
		     double *weight) noexcept
{
	if (eset == nullptr || i >= eset->terms.size())
		return nullptr;
	if (weight != nullptr)
		*weight = eset->weights[i];
	return eset->terms[i].c_str();
}

void
xapian_eset_free(struct xapian_eset *eset) noexcept
{
	delete eset;
}

// --------------------------------------------------------------------------
// Enquire
// --------------------------------------------------------------------------

struct xapian_enquire *
xapian_enquire_new(const struct xapian_database *db,
		   struct xapian_error *err) noexcept
{
	NEED_PTR(db != nullptr, err);
	try {
		return new xapian_enquire(db->db);
	}
	CATCH_PTR(err)
}

int
xapian_enquire_set_query(struct xapian_enquire *enq,
			 const struct xapian_query *q, xapian_termcount qlen,
			 struct xapian_error *err) noexcept
{
	NEED(enq != nullptr && q != nullptr, err);
	try {
		enq->enq.set_query(q->q, qlen);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_weighting_scheme_bm25(struct xapian_enquire *enq,
					 double k1, double k2, double k3,
					 double b, double min_normlen,
					 struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_weighting_scheme(
			Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_weighting_scheme_bool(struct xapian_enquire *enq,
					 struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_weighting_scheme(Xapian::BoolWeight());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_sort_by_relevance(struct xapian_enquire *enq,
				     struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_sort_by_relevance();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_sort_by_value(struct xapian_enquire *enq,
				 xapian_valueno slot, bool reverse,
				 struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_sort_by_value(slot, reverse);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_sort_by_value_then_relevance(struct xapian_enquire *enq,
						xapian_valueno slot,
						bool reverse,
						struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_sort_by_value_then_relevance(slot, reverse);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_sort_by_relevance_then_value(struct xapian_enquire *enq,
						xapian_valueno slot,
						bool reverse,
						struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_sort_by_relevance_then_value(slot, reverse);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_collapse_key(struct xapian_enquire *enq,
				xapian_valueno slot, xapian_doccount max,
				struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_collapse_key(slot, max ? max : 1);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_docid_order_descending(struct xapian_enquire *enq,
					  bool descending,
					  struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.set_docid_order(descending
						 ? Xapian::Enquire::DESCENDING
						 : Xapian::Enquire::ASCENDING);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_cutoff(struct xapian_enquire *enq, int percent,
			  double weight, struct xapian_error *err) noexcept
{
	NEED(enq != nullptr && percent >= 0 && percent <= 100 && weight >= 0,
	     err);
	try {
		enq->enq.set_cutoff(percent, weight);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_set_time_limit(struct xapian_enquire *enq, double seconds,
			      struct xapian_error *err) noexcept
{
	NEED(enq != nullptr && seconds >= 0, err);
	try {
		enq->enq.set_time_limit(seconds);
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_add_matchspy(struct xapian_enquire *enq,
			    struct xapian_value_count_match_spy *spy,
			    struct xapian_error *err) noexcept
{
	NEED(enq != nullptr && spy != nullptr, err);
	try {
		enq->enq.add_matchspy(spy->spy.get());
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_enquire_clear_matchspies(struct xapian_enquire *enq,
				struct xapian_error *err) noexcept
{
	NEED(enq != nullptr, err);
	try {
		enq->enq.clear_matchspies();
		return 0;
	}
	CATCH_INT(err)
}

struct xapian_mset *
xapian_enquire_get_mset(struct xapian_enquire *enq, xapian_doccount first,
			xapian_doccount maxitems,
			xapian_doccount check_at_least,
			const struct xapian_rset *rset,
			struct xapian_error *err) noexcept
{
	NEED_PTR(enq != nullptr, err);
	try {
		return new xapian_mset{enq->enq.get_mset(
			first, maxitems, check_at_least,
			rset ? &rset->rset : nullptr)};
	}
	CATCH_PTR(err)
}

namespace {

/* An ESet's terms and weights as the binding's struct. */
xapian_eset *
eset_out(const Xapian::ESet &es)
{
	std::unique_ptr<xapian_eset> out(new xapian_eset);

	out->terms.reserve(es.size());
	out->weights.reserve(es.size());
	for (Xapian::ESetIterator i = es.begin(); i != es.end(); ++i) {
		out->terms.push_back(*i);
		out->weights.push_back(i.get_weight());
	}
	return out.release();
}

} // namespace

struct xapian_eset *
xapian_enquire_get_feedback_eset(struct xapian_enquire *enq,
				 const struct xapian_database *db,
				 const xapian_docid *docids, size_t ndocs,
				 xapian_termcount maxitems,
				 bool include_query_terms, const char *prefix,
				 unsigned min_docs, size_t max_candidates,
				 struct xapian_error *err) noexcept
{
	NEED_PTR(enq != nullptr && db != nullptr &&
			 (docids != nullptr || ndocs == 0),
		 err);
	try {
		struct candidate {
			unsigned docs = 0;	/* r: documents holding it */
			unsigned wdf = 0;	/* its wdf over them */
			double mult = 0;	/* sum of its BM25-style tf parts */
		};
		const std::string pfx(prefix != nullptr ? prefix : "");
		std::unordered_map<std::string, candidate> seen;
		std::vector<std::pair<const std::string *, candidate *>> ranked;
		const double avlen = db->db.get_avlength();
		std::unique_ptr<xapian_eset> out(new xapian_eset);

		for (size_t d = 0; d < ndocs; d++) {
			Xapian::TermIterator t = db->db.termlist_begin(docids[d]);
			Xapian::TermIterator end = db->db.termlist_end(docids[d]);
			const double len = db->db.get_doclength(docids[d]);
			const double norm = avlen > 0 ? len / avlen : 1;

			if (!pfx.empty())
				t.skip_to(pfx);
			for (; t != end; ++t) {
				const std::string &term = *t;
				const double wdf = t.get_wdf();

				if (term.compare(0, pfx.size(), pfx) != 0)
					break;
				auto &c = seen[term];
				c.docs++;
				c.wdf += t.get_wdf();
				c.mult += 2 * wdf / (norm + wdf);
			}
		}
		/*
		 * The candidates weighed: in min_docs documents or more, at
		 * most max_candidates of them, those in most documents and
		 * most often first (ties by term: the same cut whatever
		 * order the map holds them in).
		 */
		for (auto &e : seen)
			if (e.second.docs >= (min_docs ? min_docs : 1))
				ranked.emplace_back(&e.first, &e.second);
		auto more = [](const auto &a, const auto &b) {
			if (a.second->docs != b.second->docs)
				return a.second->docs > b.second->docs;
			if (a.second->wdf != b.second->wdf)
				return a.second->wdf > b.second->wdf;
			return *a.first < *b.first;
		};
		if (max_candidates > 0 && ranked.size() > max_candidates) {
			std::nth_element(ranked.begin(),
					 ranked.begin() + max_candidates,
					 ranked.end(), more);
			ranked.resize(max_candidates);
		}
		if (ranked.empty())
			return out.release();
		/*
		 * Their frequencies over the whole database, every shard: a
		 * match of no documents gathers them, in one exchange with
		 * each remote shard (Xapian's own expand set asks for each
		 * term in turn, or over shards estimates them from those the
		 * documents are in, which made the terms chosen depend on how
		 * the documents were spread).
		 */
		std::vector<Xapian::Query> leaves;
		for (auto &r : ranked)
			leaves.emplace_back(*r.first);
		Xapian::Enquire stats(db->db);
		stats.set_query(Xapian::Query(Xapian::Query::OP_OR,
					      leaves.begin(), leaves.end()));
		Xapian::MSet freqs = stats.get_mset(0, 0);
		std::unordered_set<std::string> query_terms;
		if (!include_query_terms) {
			Xapian::Query q = enq->enq.get_query();
			for (auto t = q.get_terms_begin(); t != q.get_terms_end();
			     ++t)
				query_terms.insert(*t);
		}
		/*
		 * Each weighed as the Robertson/Sparck Jones relevance weight
		 * of the term, r documents of R holding it against n of N,
		 * times the sum of its tf parts (wdf against the document's
		 * length, k = 1) over the documents holding it.
		 */
		const double N = db->db.get_doccount(), R = double(ndocs);
		std::vector<std::pair<double, const std::string *>> weighed;
		for (auto &c : ranked) {
			const std::string &term = *c.first;
			const double r = c.second->docs;
			const double n = freqs.get_termfreq(term);
			const double num = (r + 0.5) * (N - n - (R - r) + 0.5);
			const double den = (n - r + 0.5) * (R - r + 0.5);
			double w;

			if (query_terms.count(term) != 0 || num <= 0 || den <= 0)
				continue;
			w = c.second->mult * std::log(num / den);
			if (w > 0)
				weighed.emplace_back(w, &term);
		}
		std::sort(weighed.begin(), weighed.end(),
			  [](const auto &a, const auto &b) {
				  return a.first != b.first ? a.first > b.first
							    : *a.second <
								      *b.second;
			  });
		for (auto &w : weighed) {
			if (out->terms.size() >= maxitems)
				break;
			out->terms.push_back(*w.second);
			out->weights.push_back(w.first);
		}
		return out.release();
	}
	CATCH_PTR(err)
}

struct xapian_eset *
xapian_enquire_get_eset(struct xapian_enquire *enq, xapian_termcount maxitems,
			const struct xapian_rset *rset,
			bool include_query_terms,
			struct xapian_error *err) noexcept
{
	NEED_PTR(enq != nullptr && rset != nullptr, err);
	try {
		return eset_out(enq->enq.get_eset(
			maxitems, rset->rset,
			include_query_terms ? Xapian::Enquire::INCLUDE_QUERY_TERMS
					    : 0));
	}
	CATCH_PTR(err)
}

struct xapian_term_iterator *
xapian_enquire_get_matching_terms(const struct xapian_enquire *enq,
				  xapian_docid docid,
				  struct xapian_error *err) noexcept
{
	NEED_PTR(enq != nullptr && docid != 0, err);
	try {
		return new_term_iterator(enq->enq.get_matching_terms_begin(docid),
					 enq->enq.get_matching_terms_end(docid));
	}
	CATCH_PTR(err)
}

void
xapian_enquire_free(struct xapian_enquire *enq) noexcept
{
	delete enq;
}

// --------------------------------------------------------------------------
// MSet
// --------------------------------------------------------------------------

size_t
xapian_mset_size(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.size() : 0;
}

xapian_doccount
xapian_mset_get_firstitem(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_firstitem() : 0;
}

xapian_doccount
xapian_mset_get_matches_estimated(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_matches_estimated() : 0;
}

xapian_doccount
xapian_mset_get_matches_lower_bound(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_matches_lower_bound() : 0;
}

xapian_doccount
xapian_mset_get_matches_upper_bound(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_matches_upper_bound() : 0;
}

xapian_doccount
xapian_mset_get_uncollapsed_matches_estimated(
	const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_uncollapsed_matches_estimated()
			       : 0;
}

double
xapian_mset_get_max_possible(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_max_possible() : 0.0;
}

double
xapian_mset_get_max_attained(const struct xapian_mset *mset) noexcept
{
	return mset != nullptr ? mset->mset.get_max_attained() : 0.0;
}

int
xapian_mset_get_termfreq(const struct xapian_mset *mset, const char *term,
			 xapian_doccount *freq,
			 struct xapian_error *err) noexcept
{
	NEED(mset != nullptr && term != nullptr && freq != nullptr, err);
	try {
		*freq = mset->mset.get_termfreq(term);
		return 0;
	}
	CATCH_INT(err)
}

#define NEED_HIT(mset, i, out, err)                                          \
	NEED((mset) != nullptr && (out) != nullptr &&                        \
		     (i) < (mset)->mset.size(),                              \
	     err)

int
xapian_mset_get_docid(const struct xapian_mset *mset, size_t i,
		      xapian_docid *docid, struct xapian_error *err) noexcept
{
	NEED_HIT(mset, i, docid, err);
	try {
		*docid = *mset->mset[Xapian::doccount(i)];
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_mset_get_weight(const struct xapian_mset *mset, size_t i,
		       double *weight, struct xapian_error *err) noexcept
{
	NEED_HIT(mset, i, weight, err);
	try {
		*weight = mset->mset[Xapian::doccount(i)].get_weight();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_mset_get_percent(const struct xapian_mset *mset, size_t i,
			int *percent, struct xapian_error *err) noexcept
{
	NEED_HIT(mset, i, percent, err);
	try {
		*percent = mset->mset[Xapian::doccount(i)].get_percent();
		return 0;
	}
	CATCH_INT(err)
}

int
xapian_mset_get_collapse_count(const struct xapian_mset *mset, size_t i,
			       xapian_doccount *count,
			       struct xapian_error *err) noexcept
{
	NEED_HIT(mset, i, count, err);
	try {
		*count = mset->mset[Xapian::doccount(i)].get_collapse_count();
		return 0;
	}
	CATCH_INT(err)
}

struct xapian_document *
xapian_mset_get_document(const struct xapian_mset *mset, size_t i,
			 struct xapian_error *err) noexcept
{
	NEED_PTR(mset != nullptr && i < mset->mset.size(), err);
	try {
		return new xapian_document{
			mset->mset[Xapian::doccount(i)].get_document()};
	}
	CATCH_PTR(err)
}

int
xapian_mset_fetch(const struct xapian_mset *mset,
		  struct xapian_error *err) noexcept
{
	NEED(mset != nullptr, err);
	try {
		mset->mset.fetch();
		return 0;
	}
	CATCH_INT(err)
}

char *
xapian_mset_snippet(const struct xapian_mset *mset, const char *text,
		    size_t text_len, size_t length,
		    const struct xapian_stem *stem, unsigned flags,
		    const char *hi_start, const char *hi_end,
		    const char *omit, size_t *out_len,
		    struct xapian_error *err) noexcept
{
	NEED_PTR(mset != nullptr && (text != nullptr || text_len == 0), err);
	try {
		return dup_string(
			mset->mset.snippet(std::string(text ? text : "",
						       text_len),
					   length,
					   stem ? stem->stem : Xapian::Stem(),
					   flags, str_or_empty(hi_start),
					   str_or_empty(hi_end),
					   str_or_empty(omit)),
			out_len);
	}
	CATCH_PTR(err)
}

void
xapian_mset_free(struct xapian_mset *mset) noexcept
{
	delete mset;
}

// --------------------------------------------------------------------------
// Unicode helpers
// --------------------------------------------------------------------------

char *
xapian_unicode_tolower(const char *text, size_t len, size_t *out_len,
		       struct xapian_error *err) noexcept
{
	NEED_PTR(text != nullptr || len == 0, err);
	try {
		return dup_string(Xapian::Unicode::tolower(
					  std::string(text ? text : "", len)),
				  out_len);
	}
	CATCH_PTR(err)
}

}  // extern "C"
