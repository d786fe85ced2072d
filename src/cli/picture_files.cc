#include "cli/picture_files.h"

#include "cli/output_file.h"

namespace tracenote::cli {

PicturePlan PlanPictures(const ReportOptions& o) {
  PicturePlan plan;
  if (o.no_pictures || o.format == "json") return plan;
  if (o.format == "html") {
    plan.draw = true;
    return plan;
  }
  if (o.output == "-") return plan;  // Markdown on stdout: nowhere to put the files
  plan.draw = true;
  plan.files = true;
  const size_t slash = o.output.rfind('/');
  plan.dir = slash == std::string::npos ? "" : o.output.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? o.output : o.output.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  plan.link_prefix = base + ".";
  return plan;
}

Status WritePictureFiles(const report::PictureSet& set, const PicturePlan& plan) {
  for (const report::Picture& p : set.items()) {
    OutputFile out;
    const std::string path = plan.dir + plan.link_prefix + p.name + ".svg";
    RETURN_IF_ERROR(out.Open(path));
    out.Write(p.svg);
    RETURN_IF_ERROR(out.Close());
  }
  return Status::Ok();
}

}  // namespace tracenote::cli
