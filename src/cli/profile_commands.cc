// The pprof-style view commands: read the profile (and a base for
// --base/--subtract-base), compute the view, write its text or SVG.
#include "cli/profile_commands.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli/exit_codes.h"
#include "cli/output_file.h"
#include "ingest/pprof/pprof_reader.h"
#include "l10n/text_escape.h"
#include "profile/flame_graph.h"
#include "profile/profile_graph.h"
#include "profile/profile_list.h"
#include "profile/profile_merge.h"
#include "profile/profile_top.h"
#include "profile/profile_tree.h"

namespace tracenote::cli {
namespace {

int Fail(const Status& status) {
  std::fprintf(stderr, "tracenote: %s\n", status.message().c_str());
  return ExitCodeFor(status);
}

StatusOr<model::Profile> Load(const std::string& path, bool all_frames) {
  pprof::ReadOptions ro;
  ro.all_frames = all_frames;
  auto p = pprof::ReadProfileFile(path, ro);
  if (!p.ok()) {
    const std::string& m = p.status().message();
    // Name the file once.
    if (m.find(path) == std::string::npos) return p.status().WithPrefix(path);
  }
  return p;
}

// Applies --base / --subtract-base (pprof's -diff_base / -base).
StatusOr<model::Profile> LoadWithBase(const ProfileViewCommandOptions& o) {
  ASSIGN_OR_RETURN(model::Profile source, Load(o.input, o.all_frames));
  if (o.base.empty() && o.subtract_base.empty()) return source;
  if (!o.base.empty() && !o.subtract_base.empty()) {
    return InvalidArgumentError("--base and --subtract-base cannot be used together");
  }
  const bool diff = !o.base.empty();
  const std::string& base_path = diff ? o.base : o.subtract_base;
  ASSIGN_OR_RETURN(model::Profile base, Load(base_path, o.all_frames));
  auto merged = profile::DiffProfiles(
      source, base, diff ? profile::DiffMode::kDiffBase : profile::DiffMode::kSubtractBase,
      o.normalize);
  if (!merged.ok()) return merged.status().WithPrefix(o.input + " vs " + base_path);
  return merged;
}

StatusOr<profile::ViewOptions> MakeViewOptions(const ProfileViewCommandOptions& o) {
  profile::ViewOptions v = o.view;
  ASSIGN_OR_RETURN(v.granularity, profile::ParseGranularity(o.granularity));
  return v;
}

StatusOr<std::string> Render(ProfileViewKind kind, const ProfileViewCommandOptions& o,
                             const model::Profile& p) {
  ASSIGN_OR_RETURN(profile::ViewOptions v, MakeViewOptions(o));
  switch (kind) {
    case ProfileViewKind::kTop: {
      ASSIGN_OR_RETURN(profile::TopView view, profile::ComputeTop(p, v));
      return profile::FormatTopText(view);
    }
    case ProfileViewKind::kTree: {
      ASSIGN_OR_RETURN(profile::TreeView view, profile::ComputeTree(p, v));
      return profile::FormatTreeText(view);
    }
    case ProfileViewKind::kPeek: {
      ASSIGN_OR_RETURN(profile::TreeView view, profile::ComputePeek(p, o.regex, v));
      return profile::FormatTreeText(view);
    }
    case ProfileViewKind::kList: {
      profile::ListOptions lo;
      lo.view = v;
      lo.pprof_errors = o.pprof_errors;
      ASSIGN_OR_RETURN(profile::ListView view, profile::ComputeList(p, o.regex, lo));
      return profile::FormatListText(view);
    }
    case ProfileViewKind::kFlame: {
      profile::FlameOptions fo;
      if (!v.sample_index.empty()) {
        ASSIGN_OR_RETURN(profile::SampleSelection sel,
                         profile::SelectSample(p, v.sample_index, false));
        fo.sample_index = sel.index;
      }
      return profile::RenderFlameGraphSvg(p, fo);
    }
  }
  return Status(StatusCode::kInternal, "unknown view");
}

}  // namespace

int RunProfileView(ProfileViewKind kind, const ProfileViewCommandOptions& options) {
  if (kind == ProfileViewKind::kFlame && options.output == "-") {
    return Fail(InvalidArgumentError("flame: give the SVG file with -o FILE"));
  }
  auto profile = LoadWithBase(options);
  if (!profile.ok()) return Fail(profile.status());
  auto text = Render(kind, options, *profile);
  if (!text.ok()) return Fail(text.status().WithPrefix(options.input));
  // Files and pipes get pprof's bytes exactly (names are printed raw); a
  // terminal gets control characters from the profile shown as escapes, so a
  // hostile function name cannot send escape sequences to it.
  if (options.output == "-" && isatty(STDOUT_FILENO) != 0) *text = l10n::SanitizeText(*text);
  OutputFile out;
  if (Status s = out.Open(options.output); !s.ok()) return Fail(s);
  out.Write(*text);
  if (Status s = out.Close(); !s.ok()) return Fail(s);
  return kExitOk;
}

}  // namespace tracenote::cli
