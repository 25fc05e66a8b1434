# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'camera_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QLabel, QSizePolicy, QVBoxLayout, QWidget)

class Ui_CameraDialog(object):
    def setupUi(self, CameraDialog):
        if not CameraDialog.objectName():
            CameraDialog.setObjectName(u"CameraDialog")
        CameraDialog.resize(680, 560)
        self.layout = QVBoxLayout(CameraDialog)
        self.layout.setObjectName(u"layout")
        self.previewLabel = QLabel(CameraDialog)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setMinimumSize(QSize(640, 480))
        self.previewLabel.setAlignment(Qt.AlignCenter)
        self.previewLabel.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.previewLabel)

        self.statusLabel = QLabel(CameraDialog)
        self.statusLabel.setObjectName(u"statusLabel")
        self.statusLabel.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.statusLabel)

        self.buttonBox = QDialogButtonBox(CameraDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel)

        self.layout.addWidget(self.buttonBox)


        self.retranslateUi(CameraDialog)

        QMetaObject.connectSlotsByName(CameraDialog)
    # setupUi

    def retranslateUi(self, CameraDialog):
        CameraDialog.setWindowTitle(QCoreApplication.translate("CameraDialog", u"\u6444\u50cf\u5934\u626b\u7801", None))
        self.previewLabel.setText(QCoreApplication.translate("CameraDialog", u"\u6b63\u5728\u6253\u5f00\u6444\u50cf\u5934\u2026", None))
        self.statusLabel.setText(QCoreApplication.translate("CameraDialog", u"\u628a\u624b\u673a\u4e0a\u7684\u5065\u5eb7\u7801\u5bf9\u51c6\u6444\u50cf\u5934\uff0c\u8bc6\u522b\u5230\u540e\u81ea\u52a8\u8bfb\u53d6\u3002Esc \u53d6\u6d88\u3002", None))
    # retranslateUi

