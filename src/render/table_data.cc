#include "render/table_data.h"

#include "l10n/text_escape.h"

namespace tracenote::render {

namespace mustache = kainjow::mustache;

void TableData::AddColumn(std::string_view header, bool numeric) {
  columns_.push_back({std::string(header), numeric});
}

void TableData::AddRow() { rows_.emplace_back(); }

void TableData::Add(Cell cell) {
  if (rows_.empty()) AddRow();
  rows_.back().push_back(std::move(cell));
}

void TableData::AddText(std::string_view text) { Add({std::string(text), ""}); }

void TableData::AddCode(std::string_view text) {
  Add({"", l10n::MarkdownCode(text, l10n::MarkdownContext::kTableCell)});
}

void TableData::AddMarkdown(std::string markdown) { Add({"", std::move(markdown)}); }

mustache::data TableData::Build() const {
  mustache::data columns(mustache::data::type::list);
  for (const Column& c : columns_) {
    mustache::data column;
    column.set("text", c.header);
    column.set("numeric",
               c.numeric ? mustache::data::type::bool_true : mustache::data::type::bool_false);
    columns.push_back(column);
  }
  mustache::data rows(mustache::data::type::list);
  for (const std::vector<Cell>& r : rows_) {
    mustache::data cells(mustache::data::type::list);
    for (size_t i = 0; i < std::max(r.size(), columns_.size()); ++i) {
      mustache::data cell;
      cell.set("text", i < r.size() ? r[i].text : "");
      cell.set("md", i < r.size() ? r[i].md : "");
      cells.push_back(cell);
    }
    mustache::data row;
    row.set("cells", cells);
    rows.push_back(row);
  }
  mustache::data table;
  table.set("columns", columns);
  table.set("rows", rows);
  return table;
}

}  // namespace tracenote::render
