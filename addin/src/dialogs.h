#pragma once
// The extension's few windows, built from UNO dialog models (no Basic, no
// .xdl files): a message, a list to choose from, the settings form. Headless
// offices cancel dialogs silently, so none of them blocks a test run.

#include <com/sun/star/frame/XModel.hpp>

#include <string>
#include <vector>

#include "outbox.h"

namespace jxjy::addin {

void show_message(const css::uno::Reference<css::frame::XModel>& model, const std::string& title,
                  const std::string& text);
// The index of the line chosen, or -1.
int choose_from_list(const css::uno::Reference<css::frame::XModel>& model, const std::string& title,
                     const std::vector<std::string>& lines);
// Edits `settings`; true when the user pressed 确定.
bool edit_settings(const css::uno::Reference<css::frame::XModel>& model, Settings& settings);

}  // namespace jxjy::addin
