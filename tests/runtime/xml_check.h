/* xml_check.h - a structural check of an XML document, for tests of the
 * SVGs we write (no XML parser is linked): an optional declaration, then one
 * root element; tags balanced and nested; attribute values quoted, without
 * '<', and not repeated in an element; '&' only as one of the five
 * predefined entities or a character reference; no control characters but
 * tab, newline and return; nothing but space after the root. */
#ifndef CIRC_TEST_XML_CHECK_H
#define CIRC_TEST_XML_CHECK_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define XML_DEPTH 64
#define XML_NAME 128
#define XML_ATTRS 32

static inline bool xml_name_char(char c)
{
    return ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':' || c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

/* The length of a name at s (0: none). */
static inline size_t xml_name(const char *s, const char *end)
{
    size_t n = 0;
    if (s < end && (s[0] == '-' || s[0] == '.' || (s[0] >= '0' && s[0] <= '9')))
        return 0;
    while (s + n < end && xml_name_char(s[n]))
        n++;
    return n;
}

/* Character data or an attribute value from s to end; false at the first
 * thing not allowed there. */
static inline bool xml_chars(const char *s, const char *end, bool attribute)
{
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        if (attribute && c == '<')
            return false;
        if (c != '&')
            continue;
        bool ok = false;
        for (size_t k = 0; k < 5 && !ok; k++)
            ok = (size_t)(end - s) >= strlen(entities[k]) &&
                 memcmp(s, entities[k], strlen(entities[k])) == 0;
        if (!ok && end - s > 3 && s[1] == '#') {
            const char *d = s + 2 + (s[2] == 'x');
            const char *semi = d;
            while (semi < end && ((*semi >= '0' && *semi <= '9') || (s[2] == 'x' && (*semi | 32) >= 'a' && (*semi | 32) <= 'f')))
                semi++;
            ok = semi > d && semi < end && *semi == ';';
        }
        if (!ok)
            return false;
    }
    return true;
}

/* NULL if text[0 .. n) is well-formed as above, else what is wrong and
 * where (in msg). */
static inline const char *xml_check(const char *text, size_t n, char *msg, size_t msgsize)
{
    const char *s = text, *end = text + n;
    char stack[XML_DEPTH][XML_NAME];
    int depth = 0;
    bool root_done = false;
#define XML_FAIL(what)                                                                         \
    do {                                                                                       \
        snprintf(msg, msgsize, "%s at byte %ld", what, (long)(s - text));                     \
        return msg;                                                                            \
    } while (0)
    if (end - s >= 5 && memcmp(s, "<?xml", 5) == 0) {
        const char *q = strstr(s, "?>");
        if (!q || q >= end)
            XML_FAIL("unterminated declaration");
        s = q + 2;
    }
    while (s < end) {
        const char *lt = memchr(s, '<', (size_t)(end - s));
        const char *stop = lt ? lt : end;
        if (depth == 0) {
            for (; s < stop; s++)
                if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
                    XML_FAIL("text outside the root element");
        } else if (!xml_chars(s, stop, false)) {
            XML_FAIL("bad character data");
        }
        s = stop;
        if (s == end)
            break;
        if (end - s >= 4 && memcmp(s, "<!--", 4) == 0) {
            const char *q = strstr(s, "-->");
            if (!q || q >= end)
                XML_FAIL("unterminated comment");
            s = q + 3;
            continue;
        }
        if (s[1] == '/') {          /* an end tag */
            s += 2;
            size_t len = xml_name(s, end);
            if (depth == 0 || len == 0 || len >= XML_NAME ||
                strlen(stack[depth - 1]) != len || memcmp(stack[depth - 1], s, len) != 0)
                XML_FAIL("end tag does not match");
            s += len;
            while (s < end && (*s == ' ' || *s == '\n'))
                s++;
            if (s >= end || *s != '>')
                XML_FAIL("end tag not closed");
            s++;
            if (--depth == 0)
                root_done = true;
            continue;
        }
        s++;                        /* a start tag */
        size_t len = xml_name(s, end);
        if (len == 0 || len >= XML_NAME)
            XML_FAIL("bad element name");
        if (root_done || depth == XML_DEPTH)
            XML_FAIL(root_done ? "a second root element" : "too deep");
        memcpy(stack[depth], s, len);
        stack[depth][len] = '\0';
        s += len;
        char attrs[XML_ATTRS][XML_NAME];
        int nattrs = 0;
        for (;;) {
            const char *ws = s;
            while (s < end && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
                s++;
            if (s >= end)
                XML_FAIL("unterminated tag");
            if (*s == '>' || (*s == '/' && s + 1 < end && s[1] == '>'))
                break;
            if (s == ws)
                XML_FAIL("no space before an attribute");
            size_t an = xml_name(s, end);
            if (an == 0 || an >= XML_NAME || nattrs == XML_ATTRS)
                XML_FAIL("bad attribute name");
            for (int k = 0; k < nattrs; k++)
                if (strlen(attrs[k]) == an && memcmp(attrs[k], s, an) == 0)
                    XML_FAIL("repeated attribute");
            memcpy(attrs[nattrs], s, an);
            attrs[nattrs++][an] = '\0';
            s += an;
            if (s + 1 >= end || *s != '=' || (s[1] != '\'' && s[1] != '"'))
                XML_FAIL("attribute without a quoted value");
            char quote = s[1];
            const char *v = s + 2, *q = memchr(v, quote, (size_t)(end - v));
            if (!q)
                XML_FAIL("unterminated attribute value");
            if (!xml_chars(v, q, true))
                XML_FAIL("bad attribute value");
            s = q + 1;
        }
        if (*s == '/') {
            s += 2;
            if (depth == 0)
                root_done = true;
        } else {
            s++;
            depth++;
        }
    }
    if (depth != 0 || !root_done)
        XML_FAIL(depth ? "unclosed element" : "no root element");
#undef XML_FAIL
    return NULL;
}

#endif
