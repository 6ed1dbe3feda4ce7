#include "Look.h"

#include <QAbstractAxis>
#include <QChart>

#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>

namespace triage::look {

QColor kindColor(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Root:
        return QColor(0x37, 0x47, 0x4f);
    case NodeKind::Section:
        return QColor(0x54, 0x6e, 0x7a);
    case NodeKind::Issue:
        return QColor(0xc6, 0x28, 0x28);
    case NodeKind::Symptom:
        return QColor(0xef, 0x6c, 0x00);
    case NodeKind::Diagnosis:
    case NodeKind::Check:
        return QColor(0x15, 0x65, 0xc0);
    case NodeKind::Question:
        return QColor(0x6a, 0x1b, 0x9a);
    case NodeKind::Solution:
        return QColor(0x2e, 0x7d, 0x32);
    case NodeKind::Cause:
        return QColor(0x6d, 0x4c, 0x41);
    case NodeKind::Outcome:
        return QColor(0x00, 0x69, 0x5c);
    case NodeKind::Info:
        break;
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

QIcon kindIcon(NodeKind kind)
{
    static QHash<int, QIcon> cache;
    if (const auto it = cache.constFind(int(kind)); it != cache.cend())
        return *it;
    // Drawn at twice the size, so that it stays sharp on high-DPI screens.
    QPixmap pixmap(28, 28);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kindColor(kind));
    if (kind == NodeKind::Check || kind == NodeKind::Question)
        painter.drawRoundedRect(QRectF(1, 1, 12, 12), 3, 3);
    else
        painter.drawEllipse(QRectF(2, 2, 10, 10));
    painter.end();
    cache.insert(int(kind), QIcon(pixmap));
    return cache.value(int(kind));
}

QColor statusColor(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QColor(0x1b, 0x8a, 0x3a);
    case CheckStatus::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case CheckStatus::Error:
        return QColor(0xc2, 0x6a, 0x00);
    case CheckStatus::Skipped:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

QString statusWord(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass:
        return QCoreApplication::translate("triage", "PASS");
    case CheckStatus::Fail:
        return QCoreApplication::translate("triage", "FAIL");
    case CheckStatus::Error:
        return QCoreApplication::translate("triage", "ERROR");
    case CheckStatus::Skipped:
        break;
    }
    return QCoreApplication::translate("triage", "SKIPPED");
}

QIcon statusIcon(CheckStatus status)
{
    static QHash<int, QIcon> cache;
    if (const auto it = cache.constFind(int(status)); it != cache.cend())
        return *it;
    QPixmap pixmap(32, 32);
    pixmap.setDevicePixelRatio(2);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(statusColor(status));
    p.drawEllipse(QRectF(1, 1, 14, 14));
    p.setPen(QPen(Qt::white, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    switch (status) {
    case CheckStatus::Pass:
        p.drawPolyline(QPolygonF({QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)}));
        break;
    case CheckStatus::Fail:
        p.drawLine(QPointF(5, 5), QPointF(11, 11));
        p.drawLine(QPointF(11, 5), QPointF(5, 11));
        break;
    case CheckStatus::Error:
        p.drawLine(QPointF(8, 4), QPointF(8, 9));
        p.drawPoint(QPointF(8, 12));
        break;
    case CheckStatus::Skipped:
        p.drawLine(QPointF(4.5, 8), QPointF(11.5, 8));
        break;
    }
    p.end();
    cache.insert(int(status), QIcon(pixmap));
    return cache.value(int(status));
}

QString displayLocation(const SourceLocation &location)
{
    if (!location.file.startsWith(QLatin1String(":/")))
        return location.toString();
    SourceLocation shown = location;
    shown.file = QStringLiteral("bundled ") + location.file.section(QLatin1Char('/'), -1);
    return shown.toString();
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace triage::look
