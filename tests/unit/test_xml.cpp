// The XML scanner of the workbook readers on its own: the same events however
// the bytes are split into chunks, and refusal of what is not well formed.

#include "../../shared/src/xml.h"
#include "support.h"

using namespace jxjy;

namespace {

// Records what the handler is told, text runs joined.
struct Recorder : xml::Handler {
    std::vector<std::string> events;
    void start(std::string_view name, const xml::Attributes& a) override {
        std::string e = "<" + std::string(name);
        for (const char* key : {"x", "y", "k"})
            if (const char* v = a.get(key)) e += std::string(" ") + key + "=" + v;
        events.push_back(e + ">");
    }
    void end(std::string_view name) override { events.push_back("</" + std::string(name) + ">"); }
    void text(std::string_view d) override {
        if (!events.empty() && events.back().rfind("T:", 0) == 0)
            events.back() += d;
        else
            events.push_back("T:" + std::string(d));
    }
};

// Parses `doc` fed in pieces cut at `cuts`; the events, or the error code.
std::pair<std::vector<std::string>, std::string> parse(const std::string& doc, std::vector<std::size_t> cuts = {}) {
    static const FileLimits limits;
    Recorder r;
    xml::Parser p(r, limits);
    cuts.push_back(doc.size());
    std::size_t at = 0;
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        std::size_t to = std::max(at, std::min(cuts[i], doc.size()));
        auto fed = p.feed(doc.data() + at, to - at, i + 1 == cuts.size(), "sheet.xml");
        if (!fed) return {r.events, fed.error().code};
        at = to;
    }
    return {r.events, ""};
}

}  // namespace

TEST_CASE("xml: the same events however the bytes are split", "[unit][xml]") {
    const std::string doc =
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<w:a x=\"1\" y='2&amp;3'>\n  <b/><c k=\"v>w\" x = \"&#x4E2D;&#25991;\">t&lt;x 二中</c>"
        "<!-- <c>not an element</c> --><![CDATA[<raw>&]]><d\tx=\"q\"\n/></w:a>\n";
    auto whole = parse(doc);
    REQUIRE(whole.second.empty());
    const std::vector<std::string> expected{"<a x=1 y=2&3>",    "T:\n  ",     "<b>",  "</b>",
                                            "<c x=中文 k=v>w>", "T:t<x 二中", "</c>", "T:<raw>&",
                                            "<d x=q>",          "</d>",       "</a>"};
    CHECK(whole.first == expected);
    for (std::size_t k = 0; k <= doc.size(); ++k) {
        INFO("cut at " << k);
        auto split = parse(doc, {k});
        REQUIRE(split.second.empty());
        REQUIRE(split.first == expected);
    }
    for (std::size_t k = 1; k + 1 < doc.size(); k += 3) {  // three pieces
        INFO("cuts at " << k << ", " << k + 2);
        REQUIRE(parse(doc, {k, k + 2}).first == expected);
    }
}

TEST_CASE("xml: what is not well formed is refused, in whole or in pieces", "[unit][xml]") {
    for (const char* bad :
         {"<a b=1/>", "<a/ >", "<a></b>", "<a b=\"<\"/>", "<a><</a>", "<a\"x\"/>", "<a b/>", "<a b=\"1", "<a>",
          "<a/><b/>", "text<a/>", "<a>&bogus;</a>", "<a>&#0;</a>", "</a>", "<a b=\"1\" ></a", "<>", "<a></a b>"}) {
        INFO(bad);
        const std::string doc = bad;
        auto whole = parse(doc);
        CHECK(whole.second.rfind("FILE_", 0) == 0);
        for (std::size_t k = 0; k <= doc.size(); ++k) {
            INFO("cut at " << k);
            CHECK_FALSE(parse(doc, {k}).second.empty());
        }
    }
    CHECK(parse("<!DOCTYPE a><a/>").second == "FILE_HOSTILE");
    CHECK(parse("<a x=\"1\" y=\"2\"/>").second.empty());
    CHECK(parse("<a x=\"1\"y=\"2\"/>").second.empty());  // as office programs never write, but harmless
    std::string long_tag = "<a x=\"" + std::string(2u << 20, 'v');
    CHECK(parse(long_tag, {long_tag.size() / 2}).second == "FILE_HOSTILE");
}
