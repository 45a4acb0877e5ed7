//! A plugin framework's registry of loaded plugins, which only the running application fills:
//! NoneBot's `get_plugin_by_module_name(module)` gives the plugin a module belongs to (the
//! module itself or its closest enclosing package that is a plugin), whose `name` is the last
//! part of that package's dotted name. Read statically, a plugin is a package whose `__init__`
//! declares `__plugin_meta__` at module level, as every published NoneBot plugin does; a
//! module outside such a package belongs to no plugin (`None`), as for a module the
//! application never loaded as one. Model bases of such frameworks name their subclasses'
//! tables after the plugin (nonebot-plugin-orm's `{plugin}_{class}`).

use super::interp::{Host, Interp};
use super::value::{Object, Value};
use crate::diagnostic::Span;

/// The function that gives the plugin of a module, and the modules a caller imports it from.
const PLUGIN_OF_MODULE: &str = "get_plugin_by_module_name";
const PLUGIN_MODULES: &[&str] = &["nonebot", "nonebot.plugin"];

/// The class of the plugin objects made here.
const PLUGIN_CLASS: &str = "nonebot.plugin.model.Plugin";

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `get_plugin_by_module_name("pkg.models")`, when `module.function` is such a function
    /// of a framework driftlock knows (its installed code reads the registry the running
    /// application fills, empty here): the plugin object, or `None`.
    pub(super) fn plugin_of_module(
        &mut self,
        module: &str,
        function: &str,
        args: &super::value::Args,
        span: &Span,
    ) -> Option<Value> {
        // Checked on every call of a function: the name first.
        if function != PLUGIN_OF_MODULE || !PLUGIN_MODULES.contains(&module) {
            return None;
        }
        let Some(Value::Str(module)) = args.positional.first() else {
            return Some(Value::unknown(
                "the plugin of a module whose name is not known statically",
            ));
        };
        let mut candidate = module.as_str();
        loop {
            if self.declares_plugin(candidate) {
                let name = candidate.rsplit('.').next().unwrap_or(candidate);
                return Some(Object::call(
                    PLUGIN_CLASS,
                    Vec::new(),
                    vec![
                        ("name".to_string(), Value::Str(name.to_string())),
                        ("module_name".to_string(), Value::Str(candidate.to_string())),
                    ],
                    span,
                ));
            }
            match candidate.rsplit_once('.') {
                Some((parent, _)) => candidate = parent,
                None => return Some(Value::None),
            }
        }
    }

    /// Whether module `dotted` is a package whose `__init__` declares `__plugin_meta__` at
    /// module level (it may do so after the imports that are running now).
    fn declares_plugin(&self, dotted: &str) -> bool {
        if !self.table.is_package(dotted) {
            return false;
        }
        self.table.get(dotted, None).is_some_and(|(_, module)| {
            crate::python::visit::bound_names(&module.body)
                .iter()
                .any(|name| name == "__plugin_meta__")
        })
    }
}
