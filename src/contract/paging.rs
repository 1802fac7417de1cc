//! Pagination maths for channel lists.

/// One slot of a pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagerSlot {
    /// A link to this page number.
    Page(u32),
    /// A gap (…) between page numbers.
    Gap,
}

/// The page numbers to show for page `current` of `pages`: always the first and the last page,
/// `radius` pages either side of the current one, and a gap where numbers are left out. A gap
/// never stands for a single page: that page is shown instead.
pub fn pager_slots(current: u32, pages: u32, radius: u32) -> Vec<PagerSlot> {
    if pages == 0 {
        return Vec::new();
    }
    let current = current.clamp(1, pages);
    let lo = current.saturating_sub(radius).max(1);
    let hi = current.saturating_add(radius).min(pages);
    let mut shown: Vec<u32> = vec![1];
    shown.extend(lo..=hi);
    shown.push(pages);
    shown.sort_unstable();
    shown.dedup();
    let mut slots = Vec::with_capacity(shown.len() + 2);
    let mut last = 0;
    for page in shown {
        if page == last + 2 {
            slots.push(PagerSlot::Page(last + 1));
        } else if page > last + 2 {
            slots.push(PagerSlot::Gap);
        }
        slots.push(PagerSlot::Page(page));
        last = page;
    }
    slots
}

/// How many pages `total` items fill at `page_size` a page (at least one, even when empty).
pub fn page_count(total: usize, page_size: usize) -> usize {
    if page_size == 0 {
        return 1;
    }
    total.div_ceil(page_size).max(1)
}

/// The index range of the items on page `page` (from 1), empty past the end.
pub fn page_range(total: usize, page_size: usize, page: usize) -> std::ops::Range<usize> {
    if page == 0 || page_size == 0 {
        return 0..0;
    }
    let start = (page - 1).saturating_mul(page_size).min(total);
    let end = start.saturating_add(page_size).min(total);
    start..end
}

/// Parses a page number from a URL segment: a positive decimal without sign or leading zeros.
pub fn parse_page(segment: &str) -> Option<u32> {
    if segment.is_empty()
        || segment.starts_with('0')
        || !segment.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    segment.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use PagerSlot::{Gap, Page};

    #[test]
    fn small_counts_show_every_page() {
        assert_eq!(pager_slots(1, 1, 2), vec![Page(1)]);
        assert_eq!(pager_slots(2, 2, 2), vec![Page(1), Page(2)]);
        assert_eq!(
            pager_slots(3, 5, 1),
            vec![Page(1), Page(2), Page(3), Page(4), Page(5)]
        );
    }

    #[test]
    fn long_lists_elide_with_gaps() {
        assert_eq!(
            pager_slots(10, 20, 2),
            vec![
                Page(1),
                Gap,
                Page(8),
                Page(9),
                Page(10),
                Page(11),
                Page(12),
                Gap,
                Page(20)
            ]
        );
        assert_eq!(
            pager_slots(1, 20, 2),
            vec![Page(1), Page(2), Page(3), Gap, Page(20)]
        );
        assert_eq!(
            pager_slots(20, 20, 2),
            vec![Page(1), Gap, Page(18), Page(19), Page(20)]
        );
        // A gap of exactly one page shows that page.
        assert_eq!(
            pager_slots(4, 20, 1),
            vec![Page(1), Page(2), Page(3), Page(4), Page(5), Gap, Page(20)]
        );
    }

    #[test]
    fn out_of_range_current_is_clamped() {
        assert_eq!(pager_slots(99, 3, 1), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(pager_slots(0, 0, 1), vec![]);
    }

    #[test]
    fn counts_and_ranges() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(20, 10), 2);
        assert_eq!(page_range(15, 10, 1), 0..10);
        assert_eq!(page_range(15, 10, 2), 10..15);
        assert_eq!(page_range(15, 10, 3), 15..15);
        assert_eq!(page_range(15, 10, 0), 0..0);
    }

    #[test]
    fn page_segments() {
        assert_eq!(parse_page("1"), Some(1));
        assert_eq!(parse_page("12"), Some(12));
        for bad in ["", "0", "01", "-1", "+1", "1a", "１", "99999999999"] {
            assert_eq!(parse_page(bad), None, "{bad:?}");
        }
    }
}
