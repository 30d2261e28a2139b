//! Plain geometry in PostScript points (1/72 in), y pointing down from the
//! top-left corner of whatever frame holds the value. Leaf module: imports
//! nothing from the crate.

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres → points.
pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A position in pt (x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal position in pt.
    pub x: f32,
    /// Vertical position in pt (down).
    pub y: f32,
}

impl Point {
    /// A point at `(x, y)`.
    pub const fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }
}

/// An extent in pt.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Width in pt.
    pub w: f32,
    /// Height in pt.
    pub h: f32,
}

impl Size {
    /// A size of `w × h`.
    pub const fn new(w: f32, h: f32) -> Self {
        Size { w, h }
    }
}

/// An axis-aligned rectangle in pt (top-left corner and size).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Rect { x, y, w, h }
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// The rectangle grown by `d` on every side.
    pub fn outset(&self, d: f32) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + 2.0 * d, self.h + 2.0 * d)
    }
    /// Whether `other` lies inside this rectangle, allowing `tol` pt of rounding.
    pub fn contains_rect(&self, other: &Rect, tol: f32) -> bool {
        other.x >= self.x - tol
            && other.y >= self.y - tol
            && other.right() <= self.right() + tol
            && other.bottom() <= self.bottom() + tol
    }
}
