//! Routes and variety: the counts, the route table and maps, runs per route, the variety
//! windows and the variety findings.

use super::{Options, findings_block};
use crate::app::Analysis;
use crate::report::document::{Block, Chart, RouteMap, Section, SectionId, Table};
use crate::report::words;

/// The routes section.
pub fn build(a: &Analysis, o: &Options) -> Option<Section> {
    let v = &a.routes;
    let mut blocks = vec![Block::Paragraph {
        text: words::routes_counts(v.runs, v.with_gps, v.routes.len()),
    }];
    let shown = &v.routes[..o.routes.map_or(v.routes.len(), |n| n.min(v.routes.len()))];
    if !shown.is_empty() {
        let mut table = Table::new(&words::ROUTE_COLUMNS, &[1, 4, 6]);
        table.rows = shown.iter().map(words::route_row).collect();
        blocks.push(Block::Table { table });
        blocks.push(Block::RouteMaps {
            maps: shown
                .iter()
                .map(|r| RouteMap {
                    id: r.id.clone(),
                    name: words::route(r),
                    svg_path: r.svg_path.clone(),
                    caption: words::route_map_caption(r),
                })
                .collect(),
        });
    }
    if !v.windows.is_empty() {
        blocks.push(Block::Chart {
            chart: Chart::RunsPerRoute,
        });
        let n = o
            .windows
            .map_or(v.windows.len(), |n| n.min(v.windows.len()));
        let mut table = Table::new(&words::WINDOW_COLUMNS, &[1, 2, 3, 4, 5, 6]);
        table.rows = v.windows[v.windows.len() - n..]
            .iter()
            .map(words::window_row)
            .collect();
        blocks.push(Block::Subheading {
            text: words::VARIETY_HEADING.into(),
        });
        blocks.push(Block::Table { table });
    }
    if let Some(w) = v.windows.last() {
        blocks.push(Block::Paragraph {
            text: words::last_window(w),
        });
    }
    blocks.push(findings_block(
        a,
        &v.findings,
        true,
        vec![words::route_matching(v.with_gps, v.runs)],
        o,
    ));
    Some(Section {
        id: SectionId::Routes,
        heading: words::ROUTES_HEADING.into(),
        blocks,
    })
}
