// TableData: builds the data of one table for templates/table.md.mustache
// (the goroutine analysis and GC cycle tables of report.md.mustache).
//
// Contract: the caller computes the rows (numbers already formatted with
// l10n::FormatDuration and friends) and adds them cell by cell; this class
// only shapes them into Mustache data:
//   { columns: [{text, numeric}], rows: [{cells: [{text, md}]}] }
// where every cell sets both keys, one of them empty, so that a lookup never
// falls through to an outer context. Headers and text cells are plain text
// (the template escapes them); Markdown cells must be safe inline Markdown
// for a table cell (AddCode builds one; catalog messages with TraceText
// arguments are not, since their pipes are not escaped for tables).
#ifndef TRACENOTE_SRC_RENDER_TABLE_DATA_H_
#define TRACENOTE_SRC_RENDER_TABLE_DATA_H_

#include <string>
#include <string_view>
#include <vector>

#include <kainjow/mustache.hpp>

namespace tracenote::render {

class TableData {
 public:
  // A column; numeric columns are right-aligned.
  void AddColumn(std::string_view header, bool numeric = false);
  // Starts a new row; the cells added next fill it from the left.
  void AddRow();
  // A plain-text cell, escaped by the template.
  void AddText(std::string_view text);
  // Text from the trace (a function name) as a code span.
  void AddCode(std::string_view text);
  // Inline Markdown already safe for a table cell.
  void AddMarkdown(std::string markdown);

  size_t column_count() const { return columns_.size(); }
  size_t row_count() const { return rows_.size(); }

  // The Mustache data; rows shorter than the header are padded with empty
  // cells.
  kainjow::mustache::data Build() const;

 private:
  struct Cell {
    std::string text, md;
  };
  struct Column {
    std::string header;
    bool numeric;
  };
  void Add(Cell cell);

  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace tracenote::render

#endif  // TRACENOTE_SRC_RENDER_TABLE_DATA_H_
